/**
 * 发放物料 at the counter terminal, while a ticket is served: the hall's promotional materials from the
 * hub (those for the ticket's service first), each one tap for one unit (a small stepper for more), a
 * confirmation naming what was recorded for which ticket, and what this customer got so far. The ticket
 * is the hub's; the page sends the one it shows only so that a stale screen is refused, not obeyed. An
 * issue id is made per tap and kept until the hub answers, so a tap repeated after a lost answer is the
 * same issue, recorded once. Works while the WAN is down: the hub journals the issue and forwards it.
 */
import { formatNumber } from '@hall/devices/alarm-text';
import { createEffect, createResource, createSignal, For, Match, on, Show, Switch } from 'solid-js';
import { lang, t } from '../../lib/i18n.ts';
import type { MessageKey } from '../../lib/messages/zh-CN.ts';

/** What the hub answers to `counter.materials` (kept structural: the page imports no hub code). */
export interface MaterialsView {
  serving: { ticketNo: string; serviceId: string; serviceName: string } | null;
  items: Array<{
    id: string;
    zh: string;
    en: string;
    unitZh: string;
    unitEn: string;
    perCustomer: number;
    parts: Array<{ itemId: string; qty: number }>;
    forService: boolean;
  }>;
  issued: Array<{ issueId: string; at: number; ticketNo: string; lines: Line[] }>;
}
interface Line {
  itemId: string;
  qty: number;
  zh: string;
  en: string;
  unitZh: string;
  unitEn: string;
}
export type IssueAnswer =
  | { ok: true; duplicate: boolean; ticketNo: string; lines: Line[] }
  | { ok: false; code: string; itemId: string | null };

export interface MaterialsApi {
  load(): Promise<MaterialsView>;
  issue(input: {
    issueId: string;
    forTicket: string;
    lines: Array<{ itemId: string; qty: number }>;
  }): Promise<IssueAnswer>;
}

const CODES = new Set([
  'material-not-serving',
  'material-ticket-changed',
  'material-not-your-counter',
  'material-item-unknown',
  'material-too-many',
  'material-too-fast',
  'material-invalid',
]);

/**
 * A version-4 UUID from `crypto.getRandomValues`: the hub's pages are often plain HTTP, where
 * `crypto.randomUUID` does not exist.
 */
export function uuid4(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const nameOf = (x: { zh: string; en: string }) => (lang() === 'zh-CN' ? x.zh : x.en);
/** "5G宣传单 ×1", the count in the page's number format. */
export const lineText = (l: Line) => `${nameOf(l)} ×${formatNumber(l.qty, lang())}`;
const joinLines = (lines: Line[]) => lines.map(lineText).join(lang() === 'zh-CN' ? '、' : ', ');

export function MaterialsPanel(props: {
  /** The ticket on the counter's display (the panel reloads when it changes). */
  ticketNo: string;
  api: MaterialsApi;
  /** A refusal by HTTP status (429: `retryAfterSec`), or the hub unreachable. */
  failure: (err: unknown) => { tooFast: number | null; signedOut: boolean };
}) {
  const [view, { refetch }] = createResource(
    () => props.ticketNo,
    async () => {
      try {
        return await props.api.load();
      } catch {
        return null;
      }
    },
  );
  const [counts, setCounts] = createSignal<Record<string, number>>({});
  const [busy, setBusy] = createSignal<string | null>(null);
  const [note, setNote] = createSignal<{ tone: 'ok' | 'alert'; text: () => string } | null>(null);
  /** Issue ids of taps the hub has not answered (a lost answer): the same tap again reuses its id. */
  const pending = new Map<string, string>();
  createEffect(
    on(
      () => props.ticketNo,
      () => {
        setCounts({});
        setNote(null);
        pending.clear();
      },
      { defer: true },
    ),
  );
  const count = (id: string) => counts()[id] ?? 1;
  const step = (item: MaterialsView['items'][number], by: number) =>
    setCounts({ ...counts(), [item.id]: Math.min(item.perCustomer * 10, Math.max(1, count(item.id) + by)) });
  const refusal = (code: string, itemName: string, seconds?: number) => {
    const key = `ctr.mat.err.${CODES.has(code) ? code : 'other'}` as MessageKey;
    return () => t(key, { item: itemName, seconds: seconds ?? 1 });
  };

  const tap = async (item: MaterialsView['items'][number]) => {
    if (busy()) return;
    const qty = count(item.id);
    const key = `${props.ticketNo}:${item.id}:${qty}`;
    const issueId = pending.get(key) ?? uuid4();
    pending.set(key, issueId);
    setBusy(item.id);
    try {
      const r = await props.api.issue({ issueId, forTicket: props.ticketNo, lines: [{ itemId: item.id, qty }] });
      pending.delete(key);
      if (r.ok) {
        const ticket = r.ticketNo;
        setNote({ tone: 'ok', text: () => t('ctr.mat.done', { ticket, items: joinLines(r.lines) }) });
        setCounts({ ...counts(), [item.id]: 1 });
      } else setNote({ tone: 'alert', text: refusal(r.code, nameOf(item)) });
    } catch (err) {
      const f = props.failure(err);
      if (f.tooFast !== null) {
        pending.delete(key);
        setNote({ tone: 'alert', text: refusal('material-too-fast', nameOf(item), f.tooFast) });
      } else if (!f.signedOut) setNote({ tone: 'alert', text: () => t('ctr.mat.unreachable') });
    }
    setBusy(null);
    void refetch();
  };

  /** Everything the customer got, one entry an item (two taps of a flyer: ×2), in the order first given. */
  const got = () => {
    const sum = new Map<string, Line>();
    for (const l of (view()?.issued ?? []).flatMap((r) => r.lines)) {
      const had = sum.get(l.itemId);
      sum.set(l.itemId, had ? { ...had, qty: had.qty + l.qty } : l);
    }
    return [...sum.values()];
  };

  return (
    <section class="counter-materials" aria-labelledby="counter-materials-title" data-testid="counter-materials">
      <h2 id="counter-materials-title">
        {t('ctr.mat.title')}
        <span class="counter-materials-for">{t('ctr.mat.forTicket', { ticket: props.ticketNo })}</span>
      </h2>
      <p class="counter-materials-note" role="status" data-tone={note()?.tone ?? 'ok'}>
        {note()?.text() ?? ''}
      </p>
      <Switch>
        <Match when={view.loading && view() === undefined}>
          <p class="counter-materials-quiet">{t('ctr.mat.loading')}</p>
        </Match>
        <Match when={view() === null}>
          <p class="counter-refused">{t('ctr.mat.loadFailed')}</p>
        </Match>
        <Match when={view()?.serving === null}>
          <p class="counter-materials-quiet">{t('ctr.mat.notServing')}</p>
        </Match>
        <Match when={(view()?.items.length ?? 0) === 0}>
          <p class="counter-materials-quiet">{t('ctr.mat.empty')}</p>
        </Match>
        <Match when={true}>
          <ul class="counter-materials-items">
            <For each={view()?.items ?? []}>
              {(item) => (
                <li data-item={item.id} data-for-service={item.forService ? 'yes' : 'no'}>
                  <button
                    type="button"
                    class="counter-materials-tap"
                    disabled={busy() !== null}
                    onClick={() => void tap(item)}
                  >
                    <span class="counter-materials-name">{nameOf(item)}</span>
                    <span class="counter-materials-qty">
                      {/* 张/个 reads right after any count; an English unit would need its singular. */}×
                      {formatNumber(count(item.id), lang())}
                      {lang() === 'zh-CN' ? ` ${item.unitZh}` : ''}
                    </span>
                    <Show when={item.forService}>
                      <span class="counter-materials-tag">{t('ctr.mat.forService')}</span>
                    </Show>
                  </button>
                  <span class="counter-materials-stepper">
                    <button
                      type="button"
                      aria-label={t('ctr.mat.less', { item: nameOf(item) })}
                      disabled={count(item.id) <= 1}
                      onClick={() => step(item, -1)}
                    >
                      −
                    </button>
                    <button
                      type="button"
                      aria-label={t('ctr.mat.more', { item: nameOf(item) })}
                      disabled={count(item.id) >= item.perCustomer * 10}
                      onClick={() => step(item, 1)}
                    >
                      +
                    </button>
                  </span>
                </li>
              )}
            </For>
          </ul>
        </Match>
      </Switch>
      <div class="counter-materials-got" data-testid="counter-materials-got">
        <h3>{t('ctr.mat.got')}</h3>
        <Show when={got().length > 0} fallback={<p class="counter-materials-quiet">{t('ctr.mat.none')}</p>}>
          <ul>
            <For each={got()}>{(l) => <li>{lineText(l)}</li>}</For>
          </ul>
        </Show>
      </div>
    </section>
  );
}
