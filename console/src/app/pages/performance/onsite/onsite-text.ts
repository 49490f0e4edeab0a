/** What the on-site pages share: names in the UI's language, the score as a share, a form id, due days. */
import { shiftDay, dayLabel } from '../../../components/DateField.tsx';
import { percent } from '../../../format.ts';
import { lang } from '../../../i18n.ts';

export { dayLabel, shiftDay };

/** A bilingual name ({zh, en}) in the UI's language. */
export const named = (x: { zh: string; en: string }) => (lang() === 'zh-CN' ? x.zh : x.en);
export const itemName = (x: { itemZh: string; itemEn: string }) => (lang() === 'zh-CN' ? x.itemZh : x.itemEn);
export const templateName = (x: { templateZh: string; templateEn: string }) =>
  lang() === 'zh-CN' ? x.templateZh : x.templateEn;

/** Points scored as a share of the points possible (— when every item was n/a). */
export const scoreShare = (f: { points: number; maxPoints: number }) =>
  percent(f.maxPoints > 0 ? f.points / f.maxPoints : null);

/** A version-4 UUID for a new form (made once per page, so a retried submission is the same form). */
export function newFormId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
