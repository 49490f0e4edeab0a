/**
 * 发放 (/inventory/issue): materials handed out at a hall, entered in the console — in bulk (an event, a
 * street promotion) or to one ticket's customer at a counter (its number and service) — refused beyond what
 * the hall's books hold; and the hall's recent issues (also the clerks' taps at the counter terminal), each
 * with a take-back for a mistake. The hall is in the address (`?hall=NS`). An issue keeps its id across a
 * retry, so a second click after a lost answer books it once.
 */
import { useSearchParams } from '@solidjs/router';
import { createEffect, createMemo, createResource, createSignal, For, on, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { api } from '../../api.ts';
import { createNotices, Notices } from '../../components/Notices.tsx';
import { Loaded } from '../../components/States.tsx';
import { lastGood } from '../../resource.ts';
import { clockIn, count, dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import { IssueLog } from './IssueLog.tsx';
import { named, Name, unitName } from './more-text.tsx';
import { InventoryNav } from './inventory-text.tsx';
import './more.css';

type Mode = 'bulk' | 'counter';
type Line = { itemId: string; qty: number | '' };

const newId = () => crypto.randomUUID();

export default function IssuePage() {
  const [search, setSearch] = useSearchParams<{ hall?: string }>();
  const [base, { refetch }] = createResource(async () => {
    const [locations, items, info] = await Promise.all([
      api.inventory.locations.query(),
      api.inventory.items.query(),
      api.inventory.catalogueInfo.query(),
    ]);
    return { halls: locations.filter((l) => l.kind === 'hall' && l.hallId), items, services: info.services };
  });
  const baseNow = lastGood(base);
  const hallId = () => {
    const halls = baseNow()?.halls ?? [];
    return halls.find((h) => h.hallId === search.hall)?.hallId ?? halls[0]?.hallId ?? null;
  };
  const [stock, stockActions] = createResource(hallId, (h) => api.inventory.stock.query({ locationId: `hall:${h}` }));
  const stockNow = lastGood(stock);
  const [log, logActions] = createResource(hallId, (h) => api.inventory.issues.query({ hallId: h, limit: 30 }));
  const notices = createNotices();
  const [mode, setMode] = createSignal<Mode>('bulk');
  const [lines, setLines] = createStore<Line[]>([{ itemId: '', qty: '' }]);
  const [ticketNo, setTicketNo] = createSignal('');
  const [serviceId, setServiceId] = createSignal('');
  const [note, setNote] = createSignal('');
  const [issueId, setIssueId] = createSignal(newId());
  const [busy, setBusy] = createSignal(false);
  const reset = () => {
    setLines([{ itemId: '', qty: '' }]);
    setTicketNo('');
    setServiceId('');
    setNote('');
    setIssueId(newId());
  };
  createEffect(on(hallId, reset, { defer: true }));
  const today = () => clockIn('Asia/Shanghai').date;
  /** What may be handed out today: active items and kits within their validity. */
  const choices = createMemo(() =>
    (baseNow()?.items ?? []).filter(
      (i) => i.active && (!i.validFrom || i.validFrom <= today()) && (!i.validTo || i.validTo >= today()),
    ),
  );
  const item = (id: string) => baseNow()?.items.find((i) => i.id === id);
  const onHand = (id: string) => stockNow()?.stock.find((s) => s.itemId === id)?.qty ?? 0;
  const ready = () =>
    lines.some((l) => l.itemId && typeof l.qty === 'number' && l.qty > 0) &&
    (mode() === 'bulk' || ticketNo().trim().length > 0);
  /** The first item the hall's books cannot cover (kits as their parts), said with names before the cloud would refuse it with codes. */
  const shortage = () => {
    const need = new Map<string, number>();
    for (const l of lines) {
      const x = item(l.itemId);
      if (!x || typeof l.qty !== 'number') continue;
      const parts = x.kind === 'kit' ? x.parts : [{ itemId: x.id, qty: 1 }];
      for (const p of parts) need.set(p.itemId, (need.get(p.itemId) ?? 0) + p.qty * l.qty);
    }
    for (const [id, n] of need) {
      const x = item(id);
      if (x && n > onHand(id))
        return t('inventory.issue.notEnough', {
          item: named(x),
          onHand: count(onHand(id)),
          wanted: count(n),
          unit: unitName(x),
        });
    }
    return null;
  };
  const [short, setShort] = createSignal<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const h = hallId();
    if (!h) return;
    notices.clear();
    setShort(shortage());
    if (short()) return;
    setBusy(true);
    try {
      const items = lines
        .filter((l) => l.itemId && typeof l.qty === 'number' && l.qty > 0)
        .map((l) => ({ itemId: l.itemId, qty: l.qty as number }));
      await api.inventory.issue.mutate({
        hallId: h,
        issueId: issueId(),
        mode: mode(),
        items,
        ...(mode() === 'counter' ? { ticketNo: ticketNo().trim().toUpperCase() } : {}),
        ...(mode() === 'counter' && serviceId() ? { serviceId: serviceId() } : {}),
        ...(note().trim() ? { note: note().trim() } : {}),
      });
      notices.ok('inventory.issue.done', { n: count(items.reduce((s, l) => s + l.qty, 0)) });
      reset();
      void logActions.refetch();
      void stockActions.refetch();
    } catch (err) {
      notices.fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="inventory-more issue">
      <div class="page-head">
        <h1>{t('inventory.issue.title')}</h1>
      </div>
      <InventoryNav />
      <Loaded of={base} retry={() => void refetch()} refused="inventory.more.refused">
        {(v) => (
          <Show
            when={v().halls.length > 0}
            fallback={
              <p class="empty" role="status">
                {t('inventory.issue.noHalls')}
              </p>
            }
          >
            <form class="issue-form" data-testid="issue-form" onSubmit={(e) => void submit(e)}>
              <label>
                {t('inventory.issue.hall')}
                <select name="hall" value={hallId() ?? ''} onChange={(e) => setSearch({ hall: e.currentTarget.value })}>
                  <For each={v().halls}>
                    {(h) => (
                      <option value={h.hallId ?? ''} selected={h.hallId === hallId()} lang={dataLang(named(h))}>
                        {named(h)}
                      </option>
                    )}
                  </For>
                </select>
              </label>
              <div class="segmented" role="group" aria-label={t('inventory.issue.mode')}>
                <For each={['bulk', 'counter'] as const}>
                  {(m) => (
                    <button type="button" aria-pressed={mode() === m} onClick={() => setMode(m)}>
                      {t(`inventory.issue.mode.${m}`)}
                    </button>
                  )}
                </For>
              </div>
              <p class="hint">{t(`inventory.issue.modeHelp.${mode()}`)}</p>
              <Show when={mode() === 'counter'}>
                <div class="issue-ticket">
                  <label>
                    {t('inventory.issue.ticketNo')}
                    <input
                      name="ticketNo"
                      required
                      maxLength={16}
                      autocapitalize="characters"
                      value={ticketNo()}
                      translate="no"
                      onInput={(e) => setTicketNo(e.currentTarget.value)}
                    />
                  </label>
                  <label>
                    {t('inventory.issue.service')}
                    <select name="service" value={serviceId()} onChange={(e) => setServiceId(e.currentTarget.value)}>
                      <option value="">{t('inventory.issue.serviceUnknown')}</option>
                      <For each={v().services}>
                        {(s) => (
                          <option value={s.id} selected={s.id === serviceId()} lang={dataLang(s.name)}>
                            {s.name}
                          </option>
                        )}
                      </For>
                    </select>
                  </label>
                </div>
              </Show>
              <fieldset class="issue-lines">
                <legend>{t('inventory.issue.items')}</legend>
                <For each={lines}>
                  {(l, i) => (
                    <div class="issue-line" data-line={i()}>
                      <label>
                        {t('inventory.issue.item')}
                        <select
                          name={`item-${i()}`}
                          value={l.itemId}
                          onChange={(e) => setLines(i(), 'itemId', e.currentTarget.value)}
                        >
                          <option value="">{t('inventory.more.choose')}</option>
                          <For each={choices()}>
                            {(x) => (
                              <option value={x.id} selected={x.id === l.itemId}>
                                {x.kind === 'kit'
                                  ? t('inventory.issue.kitOption', { name: named(x) })
                                  : t('inventory.issue.itemOption', {
                                      name: named(x),
                                      n: count(onHand(x.id)),
                                      unit: unitName(x),
                                    })}
                              </option>
                            )}
                          </For>
                        </select>
                      </label>
                      <label>
                        {t('inventory.issue.qty')}
                        <span class="count-input">
                          <input
                            name={`qty-${i()}`}
                            type="number"
                            inputMode="numeric"
                            min={1}
                            max={1000000}
                            value={l.qty}
                            onInput={(e) =>
                              setLines(
                                i(),
                                'qty',
                                e.currentTarget.value === '' ? '' : Math.round(e.currentTarget.valueAsNumber),
                              )
                            }
                          />
                          <span>{item(l.itemId) ? unitName(item(l.itemId)!) : ''}</span>
                        </span>
                      </label>
                      <Show when={lines.length > 1}>
                        <button
                          type="button"
                          class="link"
                          onClick={() => setLines((ls) => ls.filter((_, k) => k !== i()))}
                        >
                          {t('inventory.more.remove')}
                        </button>
                      </Show>
                    </div>
                  )}
                </For>
                <button type="button" onClick={() => setLines(lines.length, { itemId: '', qty: '' })}>
                  {t('inventory.issue.addLine')}
                </button>
              </fieldset>
              <label>
                {t('inventory.issue.note')}
                <input
                  name="note"
                  maxLength={200}
                  value={note()}
                  placeholder={t('inventory.issue.noteHint')}
                  onInput={(e) => setNote(e.currentTarget.value)}
                />
              </label>
              <div class="form-actions">
                <button type="submit" class="primary" disabled={busy() || !ready()}>
                  {busy() ? t('inventory.more.saving') : t('inventory.issue.submit')}
                </button>
              </div>
              <Show when={short()}>
                {(m) => (
                  <p class="error" role="alert">
                    {m()}
                  </p>
                )}
              </Show>
              <Notices of={notices} />
            </form>

            <h2>
              {t('inventory.issue.recent')}
              <Show when={v().halls.find((h) => h.hallId === hallId())}>
                {(h) => (
                  <>
                    {' · '}
                    <Name text={named(h())} />
                  </>
                )}
              </Show>
            </h2>
            <Loaded of={log} retry={() => void logActions.refetch()} refused="inventory.more.refused">
              {(list) => (
                <IssueLog
                  hallId={hallId() ?? ''}
                  issues={list()}
                  onChanged={() => {
                    void logActions.refetch();
                    void stockActions.refetch();
                  }}
                />
              )}
            </Loaded>
          </Show>
        )}
      </Loaded>
    </section>
  );
}
