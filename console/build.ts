/**
 * `npm run console:build`: builds the pages and prints each page's JavaScript, gzipped, with everything
 * it loads at start (its entry and the chunks that entry imports); fails when a page is over its budget.
 * Last line: one JSON object.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const BUDGET_KB: Record<string, number> = { wall: 60, pad: 60, counter: 60 };
const outDir = new URL('./dist/hall/', import.meta.url).pathname;

await build({ configFile: new URL('./vite.config.ts', import.meta.url).pathname, logLevel: 'warn' });

type Manifest = Record<string, { file: string; name?: string; isEntry?: boolean; imports?: string[] }>;
const manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8')) as Manifest;
const gzKb = (file: string) => gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length / 1024;

const pages: Record<string, { kb: number; budgetKb: number }> = {};
let over = false;
for (const [key, chunk] of Object.entries(manifest)) {
  if (!chunk.isEntry || !chunk.name) continue;
  const files = new Set<string>();
  const visit = (k: string) => {
    const c = manifest[k];
    if (!c || files.has(c.file)) return;
    files.add(c.file);
    for (const i of c.imports ?? []) visit(i);
  };
  visit(key);
  const kb = Math.round([...files].filter((f) => f.endsWith('.js')).reduce((sum, f) => sum + gzKb(f), 0) * 10) / 10;
  const budgetKb = BUDGET_KB[chunk.name] ?? 0;
  pages[chunk.name] = { kb, budgetKb };
  const ok = kb <= budgetKb;
  over ||= !ok;
  process.stdout.write(`${ok ? 'ok  ' : 'OVER'} ${chunk.name.padEnd(12)} ${kb.toFixed(1)} kB gzipped JS (budget ${budgetKb} kB)\n`);
}
process.stdout.write(`${JSON.stringify({ pages, ok: !over })}\n`);
if (over) process.exit(1);
