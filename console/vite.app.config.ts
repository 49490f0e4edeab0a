/**
 * The console proper, served by the cloud at `/`: one entry, pages split into chunks loaded on first
 * visit (the drill-down with its chart code, alarms, administration). `npm run console:build` builds it
 * with the in-hall pages and checks the budgets.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

export default defineConfig({
  root: fileURLToPath(new URL('./src/app', import.meta.url)),
  base: '/',
  plugins: [solid()],
  build: {
    outDir: fileURLToPath(new URL('./dist/app', import.meta.url)),
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
  },
});
