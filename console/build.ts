/**
 * `npm run console:build`: builds the in-hall pages (served by the hub) and the console (served by the
 * cloud), prints each page's JavaScript, gzipped, with everything it loads at start (its entry and the
 * chunks that entry imports statically), and fails when a page is over its budget or when the chart
 * library is in the console's first load. Last line: one JSON object.
 */
import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

type Manifest = Record<
  string,
  { file: string; name?: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[] }
>;

const BUILDS = [
  {
    config: './vite.config.ts',
    outDir: './dist/hall/',
    budgets: { home: 60, wall: 60, pad: 60, counter: 60, onsite: 60 } as Record<string, number>,
  },
  { config: './vite.app.config.ts', outDir: './dist/app/', budgets: { console: 150 } as Record<string, number> },
];

const pages: Record<string, { kb: number; budgetKb: number; lazyKb?: number }> = {};
const problems: string[] = [];
for (const b of BUILDS) {
  await build({ configFile: new URL(b.config, import.meta.url).pathname, logLevel: 'warn' });
  const outDir = new URL(b.outDir, import.meta.url).pathname;
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8')) as Manifest;
  const gzKb = (file: string) => gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length / 1024;
  const round = (x: number) => Math.round(x * 10) / 10;
  for (const [key, chunk] of Object.entries(manifest)) {
    if (!chunk.isEntry) continue;
    // The console's single entry is index.html; the in-hall pages are named by their entries.
    const name = chunk.name && b.budgets[chunk.name] !== undefined ? chunk.name : 'console';
    const first = new Set<string>();
    const visit = (k: string) => {
      const c = manifest[k];
      if (!c || first.has(c.file)) return;
      first.add(c.file);
      for (const i of c.imports ?? []) visit(i);
    };
    visit(key);
    const js = [...first].filter((f) => f.endsWith('.js'));
    const kb = round(js.reduce((sum, f) => sum + gzKb(f), 0));
    const budgetKb = b.budgets[name] ?? 0;
    // What it may fetch later: its dynamic imports and everything they import.
    const later = new Set<string>();
    const visitLater = (k: string) => {
      const c = manifest[k];
      if (!c || first.has(c.file) || later.has(c.file)) return;
      later.add(c.file);
      for (const i of [...(c.imports ?? []), ...(c.dynamicImports ?? [])]) visitLater(i);
    };
    for (const c of Object.values(manifest))
      if (first.has(c.file)) for (const d of c.dynamicImports ?? []) visitLater(d);
    const lazy = [...later].filter((f) => f.endsWith('.js')).map((file) => ({ file }));
    const lazyKb = round(lazy.reduce((sum, c) => sum + gzKb(c.file), 0));
    pages[name] = { kb, budgetKb, ...(lazy.length ? { lazyKb } : {}) };
    const ok = kb <= budgetKb;
    if (!ok) problems.push(`${name} is over its budget`);
    process.stdout.write(
      `${ok ? 'ok  ' : 'OVER'} ${name.padEnd(12)} ${kb.toFixed(1)} kB gzipped JS at first load (budget ${budgetKb} kB)${lazy.length ? `, ${lazyKb.toFixed(1)} kB more in ${lazy.length} chunks loaded on demand` : ''}\n`,
    );
    // uPlot's class names: the chart code must stay out of the first load.
    if (name === 'console' && js.some((f) => readFileSync(join(outDir, f), 'utf8').includes('u-over')))
      problems.push('the chart library is in the console first load');
  }
}
// One icon for the console and the in-hall pages (an SVG: sharp at every size): copied next to each
// build's pages, and every built page links it in place of whatever icon its source names.
const FAVICON = new URL('./src/favicon.svg', import.meta.url).pathname;
for (const [dir, href] of [
  ['./dist/app/', '/favicon.svg'],
  ['./dist/hall/', '/hall/favicon.svg'],
] as const) {
  const outDir = new URL(dir, import.meta.url).pathname;
  copyFileSync(FAVICON, join(outDir, 'favicon.svg'));
  const htmlFiles = (d: string): string[] =>
    readdirSync(d).flatMap((f) => {
      const path = join(d, f);
      return statSync(path).isDirectory() ? htmlFiles(path) : f.endsWith('.html') ? [path] : [];
    });
  const link = `<link rel="icon" type="image/svg+xml" href="${href}" />`;
  for (const file of htmlFiles(outDir)) {
    const html = readFileSync(file, 'utf8');
    const next = /<link rel="icon"[^>]*>/.test(html)
      ? html.replace(/<link rel="icon"[^>]*>/, link)
      : html.replace('</head>', `  ${link}\n  </head>`);
    writeFileSync(file, next);
  }
}
for (const p of problems) process.stdout.write(`FAIL ${p}\n`);
process.stdout.write(`${JSON.stringify({ pages, ok: problems.length === 0 })}\n`);
if (problems.length) process.exit(1);
