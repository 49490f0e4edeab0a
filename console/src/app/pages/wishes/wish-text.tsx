/**
 * How wishes, their outcomes and swap refusals read in the console (both languages): a wish's dates
 * and shift by name, the engine's reason for an unmet wish from its code, a swap rule from its code.
 */
import { TRPCClientError } from '@trpc/client';
import { errorMessage } from '../../api.ts';
import { dataLang } from '../../format.ts';
import { lang, t, type ConsoleKey } from '../../i18n.ts';

export interface Template {
  id: string;
  name: string;
  start: string | null;
  end: string | null;
}

export interface WishView {
  kind: 'day-off' | 'time-off' | 'desired-shift' | 'undesired-shift' | 'availability';
  fromDate: string;
  toDate: string;
  templateId: string | null;
  anyDay: boolean;
  weekdays: number[] | null;
}

/** A day as people say it on a roster: 12月3日周四 / Thu 3 Dec. */
export function shortDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(lang(), { timeZone: 'UTC', month: 'short', day: 'numeric', weekday: 'short' }).format(
    Date.UTC(y, m - 1, d),
  );
}

export function templateLabel(templates: Template[], id: string | null): string {
  const tpl = templates.find((x) => x.id === id);
  if (!tpl) return t('wishes.reason.unknown');
  return tpl.start && tpl.end
    ? t('wishes.templateTimes', { name: tpl.name, start: tpl.start, end: tpl.end })
    : tpl.name;
}

/** "Day off · 12月3日周四", "Shift I'd rather not work: 晚班 · every day …". */
export function wishWhen(w: WishView): string {
  const from = shortDate(w.fromDate);
  const to = shortDate(w.toDate);
  if (w.kind === 'availability')
    return t('wishes.onWeekdays', {
      from,
      to,
      days: (w.weekdays ?? []).map((d) => t(`wishes.weekday.${d}` as ConsoleKey)).join(t('common.listSeparator')),
    });
  if (w.kind === 'undesired-shift' && w.anyDay) return t('wishes.everyDay', { from, to });
  return w.fromDate === w.toDate ? from : t('wishes.range', { from, to });
}

export function reasonText(r: { code: string; params: Record<string, string | number> } | null): string {
  if (!r) return t('wishes.reason.unknown');
  return t(`wishes.reason.${r.code}` as ConsoleKey, r.params);
}

/** A refused swap says which rule; any other error as the console says errors. */
export function swapError(err: unknown): string {
  const detail =
    err instanceof TRPCClientError
      ? (err.data as { detail?: { code: string; params?: Record<string, string | number> } } | undefined)?.detail
      : undefined;
  if (detail?.code === 'swap-not-allowed' && detail.params?.rule)
    return t(`wishes.swaps.rule.${detail.params.rule}` as ConsoleKey, detail.params);
  return errorMessage(err);
}

/** The days a wish may be for: tomorrow to 13 weeks ahead. */
export function daysFrom(first: string, last: string): string[] {
  const out: string[] = [];
  for (let d = first; d <= last;) {
    out.push(d);
    const [y, m, day] = d.split('-').map(Number) as [number, number, number];
    d = new Date(Date.UTC(y, m - 1, day + 1)).toISOString().slice(0, 10);
  }
  return out;
}

/** "王芳 → 刘磊": each name marked with its own language (a Chinese name in an English page is data). */
export function Names(props: { from: string | null; to: string | null }) {
  return (
    <>
      <span lang={dataLang(props.from)}>{props.from}</span>
      {' → '}
      {props.to ? <span lang={dataLang(props.to)}>{props.to}</span> : t('wishes.swaps.nobody')}
    </>
  );
}

/** A shift template by its name (data, in its own language) and times. */
export function TemplateName(props: { templates: Template[]; id: string | null }) {
  const tpl = () => props.templates.find((x) => x.id === props.id);
  return (
    <>
      {tpl() ? <span lang={dataLang(tpl()?.name)}>{tpl()?.name}</span> : t('wishes.reason.unknown')}
      {tpl()?.start && tpl()?.end ? ` ${tpl()?.start}–${tpl()?.end}` : ''}
    </>
  );
}
