/**
 * One count as a card: where, when, who counted, its status, each line's books against the count and the
 * variance, the reason; for the unit above (`canDecide`), approve or refuse with a note.
 */
import { createSignal, For, Show } from 'solid-js';
import { api, type Outputs } from '../../api.ts';
import { createNotices, Notices } from '../../components/Notices.tsx';
import { count, dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import { named, Name, unitName, when } from './more-text.tsx';

type Count = Outputs['inventory']['counts'][number];

const TONE = { submitted: 'warning', approved: 'ok', refused: '' } as const;

export function CountCard(props: { count: Count; onDecided: () => void }) {
  const c = () => props.count;
  const [note, setNote] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const notices = createNotices();
  const net = () => c().lines.reduce((s, l) => s + Math.abs(l.variance), 0);
  const decide = async (decision: 'approve' | 'refuse') => {
    setBusy(true);
    notices.clear();
    try {
      await api.inventory.decideCount.mutate({
        id: c().id,
        decision,
        ...(note().trim() ? { note: note().trim() } : {}),
      });
      props.onDecided();
    } catch (err) {
      notices.fail(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <article class="count-card" data-count={c().id} data-status={c().status}>
      <header>
        <h3>
          <Name text={named(c().location)} />
        </h3>
        <span class={`badge ${TONE[c().status]}`}>{t(`inventory.count.status.${c().status}`)}</span>
      </header>
      <p class="muted">
        {t('inventory.count.countedBy', { when: when(c().countedAt) })} <Name text={c().countedByName} />
        <Show when={net() === 0}>
          {' · '}
          {t('inventory.count.allAgree')}
        </Show>
      </p>
      <div class="table-wrap">
        <table class="data">
          <thead>
            <tr>
              <th scope="col">{t('inventory.count.col.item')}</th>
              <th scope="col" class="num">
                {t('inventory.count.col.book')}
              </th>
              <th scope="col" class="num">
                {t('inventory.count.col.counted')}
              </th>
              <th scope="col" class="num">
                {t('inventory.count.col.variance')}
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={c().lines}>
              {(l) => (
                <tr data-item={l.itemId}>
                  <th scope="row">
                    <Name text={named(l)} />
                  </th>
                  <td class="num">{count(l.expected)}</td>
                  <td class="num">{count(l.counted)}</td>
                  <td class="num variance" classList={{ short: l.variance < 0, over: l.variance > 0 }}>
                    {l.variance === 0 ? '0' : `${l.variance > 0 ? '+' : '−'}${count(Math.abs(l.variance))}`}
                    {unitName(l) ? ` ${unitName(l)}` : ''}
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={c().reason}>
        {(r) => (
          <p>
            {t('inventory.count.reasonIs')}
            <span lang={dataLang(r())}>{r()}</span>
          </p>
        )}
      </Show>
      <Show when={c().status !== 'submitted'}>
        <p class="muted">
          {t(c().status === 'approved' ? 'inventory.count.approvedBy' : 'inventory.count.refusedBy', {
            when: when(c().decidedAt),
          })}{' '}
          <Name text={c().decidedByName} />
          <Show when={c().decisionNote}>
            {(n) => (
              <>
                {' · '}
                <span lang={dataLang(n())}>{n()}</span>
              </>
            )}
          </Show>
        </p>
      </Show>
      <Show when={c().canDecide}>
        <div class="count-decide">
          <label>
            {t('inventory.count.decisionNote')}
            <input name="note" maxLength={300} value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
          </label>
          <div class="form-actions">
            <button
              type="button"
              class="primary"
              data-action="approve"
              disabled={busy()}
              onClick={() => void decide('approve')}
            >
              {t('inventory.count.approve')}
            </button>
            <button type="button" data-action="refuse" disabled={busy()} onClick={() => void decide('refuse')}>
              {t('inventory.count.refuse')}
            </button>
          </div>
          <p class="hint">{t('inventory.count.approveHelp')}</p>
        </div>
      </Show>
      <Notices of={notices} />
    </article>
  );
}
