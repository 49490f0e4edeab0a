import { launchBrowser } from '../harness/chromium.ts';
const [user, pw, ...paths] = process.argv.slice(2);
const b = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
const page = await b.context.newPage();
await page.goto('http://127.0.0.1:4000/');
await page.fill('input[name="username"]', user!);
await page.fill('input[name="password"]', pw!);
await page.keyboard.press('Enter');
await page.waitForTimeout(2000);
for (const spec of paths) {
  const [path, name, w, h, lang] = spec.split('|');
  await page.evaluate((l) => localStorage.setItem('hall.lang', l), lang ?? 'zh-CN');
  await page.setViewportSize({ width: Number(w ?? 1920), height: Number(h ?? 1080) });
  await page.goto(`http://127.0.0.1:4000${path}`);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(800);
  await page.screenshot({ path: `/tmp/shot-${name}.png`, fullPage: true });
}
await b.close();
