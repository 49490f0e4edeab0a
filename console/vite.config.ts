/**
 * The in-hall pages (served by the hub under /hall/); the console proper has vite.app.config.ts.
 * `npm run console:build` (build.ts) builds both and checks the size budgets.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

const hall = fileURLToPath(new URL('./src/hall', import.meta.url));

export default defineConfig({
  root: hall,
  base: '/hall/',
  plugins: [solid()],
  build: {
    outDir: fileURLToPath(new URL('./dist/hall', import.meta.url)),
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        home: `${hall}/index.html`,
        wall: `${hall}/wall/index.html`,
        pad: `${hall}/pad/index.html`,
        counter: `${hall}/counter/index.html`,
        onsite: `${hall}/onsite/index.html`,
      },
    },
  },
});
