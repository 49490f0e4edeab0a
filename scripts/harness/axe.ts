/**
 * Accessibility check with axe-core, run inside the page under test: WCAG 2.2 A/AA (labels, contrast,
 * touch-target size) and axe's best practices. Returns the violations, each with the elements at fault.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol rather than a <script> tag, so a page's Content Security
  // Policy (the console allows scripts from its own origin only) stays on while it is checked.
  await page.evaluate(`${axeSource}\n;void 0`);
  const script = `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, targets: v.nodes.map((n) => String(n.target)) })))`;
  return (await page.evaluate(script)) as AxeViolation[];
}
