import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
const base = 'http://127.0.0.1:4000';
const s = JSON.parse(readFileSync('/tmp/demo17/demo.json', 'utf8'));
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const pages = process.argv.slice(2);
for (const [w, h] of [[1920, 1080], [390, 844]]) {
  const ctx = await b.newContext({ viewport: { width: w, height: h } });
  const p = await ctx.newPage();
  const r = await ctx.request.post(`${base}/trpc/auth.login`, { data: s.admin, headers: { origin: base } });
  if (!r.ok()) throw new Error('login ' + r.status());
  for (const lang of ['zh-CN', 'en']) {
    for (const path of pages) {
      await p.goto(`${base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
      await p.waitForTimeout(2500);
      const name = path.replace(/[/?=&:]+/g, '_');
      await p.screenshot({ path: `/tmp/shots17/${name}-${lang}-${w}.png`, fullPage: w === 390 });
    }
  }
  await ctx.close();
}
await b.close();
