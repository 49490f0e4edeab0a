/**
 * A page proof-read as its users see it: in both languages at a desktop (1920×1080) and a phone
 * (390×844), the rendered text scanned for English in the Chinese UI, raw codes and ids, and the layout
 * for overflow and overlap (scripts/harness/text-scan.ts); a full-page screenshot of each under
 * `.artifacts/screenshots/<prefix>-<name>-<lang>-<width>.png`. Answers every finding as a line.
 */
import { join } from 'node:path';
import { layoutFindings, scanRenderedText, screenshotsDir } from '@hall/scripts/harness';
import type { Page } from 'playwright-core';

export type Lang = 'zh-CN' | 'en';
export const LANGS: Lang[] = ['zh-CN', 'en'];
export const SIZES = [
  { width: 1920, height: 1080 },
  { width: 390, height: 844 },
];

/** The console's language for the next page load (what the language switch stores). */
export async function useLang(page: Page, lang: Lang) {
  await page.evaluate((l) => window.localStorage.setItem('hall.lang', l), lang);
}

export async function readEverywhere(
  page: Page,
  o: { base: string; prefix: string; name: string; path: string; ready: string },
): Promise<string[]> {
  const findings: string[] = [];
  for (const lang of LANGS) {
    await useLang(page, lang);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.goto(`${o.base}${o.path}`);
      await page.locator(o.ready).first().waitFor({ timeout: 20_000 });
      await page.waitForLoadState('networkidle').catch(() => undefined);
      for (const f of await scanRenderedText(page, lang))
        findings.push(`${o.name} ${lang}: ${f.kind} "${f.text}" at ${f.where}`);
      for (const f of await layoutFindings(page))
        findings.push(`${o.name} ${lang} ${size.width}: ${f.kind} at ${f.where}`);
      await page.screenshot({
        path: join(screenshotsDir(), `${o.prefix}-${o.name}-${lang}-${size.width}.png`),
        fullPage: true,
      });
    }
  }
  return findings;
}
