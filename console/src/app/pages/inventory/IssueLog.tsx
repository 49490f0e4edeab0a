/**
 * A hall's recent issues as cards (a phone shows them as well as a desk): when, in bulk or for which
 * ticket and service, the items with their kit, the clerk or person who entered it, the note; taken back
 * (by whom, when) or a take-back with an optional reason, asked once more before it is done.
 */
import { createSignal, For, Show } from 'solid-js';
import { api, type Outputs } from '../../api.ts';
import { createNotices, Notices } from '../../components/Notices.tsx';
import { count, dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import { named, Name, unitName, when } from './more-text.tsx';

type Issue = Outputs['inventory']['issues'][number];

export function IssueLog(props: { hallId: string; issues: Issue[]; onChanged: () => void }) {
  return (
    <Show
      when={props.issues.length > 0}
      fallback={
        <p class="empty" role="status">
          {t('inventory.issue.none')}
        </p>
      }
    >
      <ul class="issue-log" data-testid="issue-log">
        <For each={props.issues}>
          {(i) => <IssueCard hallId={props.hallId} issue={i} onChanged={props.onChanged} />}
        </For>
      </ul>
    </Show>
  );
}

function IssueCard(props: { hallId: string; issue: Issue; onChanged: () => void }) {
  const i = () => props.issue;
  const [asking, setAsking] = createSignal(false);
  const [note, setNote] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const notices = createNotices();
  const takeBack = async () => {
    setBusy(true);
    notices.clear();
    try {
      await api.inventory.reverseIssue.mutate({
        hallId: props.hallId,
        id: i().id,
        ...(note().trim() ? { note: note().trim() } : {}),
      });
      setAsking(false);
      props.onChanged();
    } catch (err) {
      notices.fail(err);
    } finally {
      setBusy(false);
    }
  };
  const by = () =>
    i().byKind === 'hub' ? t('inventory.issue.byHub') : i().byName === null ? t('inventory.issue.byUnknown') : null;
  return (
    <li class="issue-card" classList={{ reversed: !!i().reversed }} data-issue={i().id} data-mode={i().mode}>
      <header>
        <span class="issue-when">{when(i().at)}</span>
        <span class="badge">{t(`inventory.issue.mode.${i().mode}`)}</span>
        <Show when={i().mode === 'counter'}>
          <span class="issue-ticket-no">
            {t('inventory.issue.ticket', { no: i().ticketNo ?? '—' })}
            <Show when={i().serviceName}>
              {(s) => (
                <>
                  {' · '}
                  <Name text={s()} />
                </>
              )}
            </Show>
          </span>
        </Show>
        <Show when={i().reversed}>
          <span class="badge offline">{t('inventory.issue.reversedBadge')}</span>
        </Show>
      </header>
      <p class="issue-items">
        <For each={i().lines}>
          {(l, k) => (
            <>
              {k() > 0 ? t('common.listSeparator') : ''}
              <Name text={named(l)} /> {count(l.qty)}
              {unitName(l) ? ` ${unitName(l)}` : ''}
              <Show when={l.kit}>
                {(kit) => <span class="muted">{t('inventory.issue.inKit', { kit: named(kit()) })}</span>}
              </Show>
            </>
          )}
        </For>
      </p>
      <p class="muted">
        {i().mode === 'counter' && i().staffName ? (
          <>
            {t('inventory.issue.clerk')}
            <Name text={i().staffName} />
            <Show when={i().counterName}>
              {(c) => (
                <>
                  {' · '}
                  <Name text={c()} />
                </>
              )}
            </Show>
            <Show when={i().byKind !== 'staff'}>{' · '}</Show>
          </>
        ) : null}
        {/* A clerk's own tap at the counter terminal: the clerk is who entered it. */}
        <Show when={!(i().byKind === 'staff' && i().staffName)}>
          {t('inventory.issue.enteredBy')}
          {by() ?? <Name text={i().byName} />}
        </Show>
        <Show when={i().note}>
          {(n) => (
            <>
              {' · '}
              <span lang={dataLang(n())}>{n()}</span>
            </>
          )}
        </Show>
      </p>
      <Show when={i().reversed}>
        {(r) => (
          <p class="muted" data-testid="reversed">
            {t('inventory.issue.reversedBy', { when: when(r().at) })}
            <Name text={r().byName} />
            <Show when={r().note}>
              {(n) => (
                <>
                  {' · '}
                  <span lang={dataLang(n())}>{n()}</span>
                </>
              )}
            </Show>
          </p>
        )}
      </Show>
      <Show when={i().canReverse}>
        <Show
          when={asking()}
          fallback={
            <button type="button" class="link" data-action="take-back" onClick={() => setAsking(true)}>
              {t('inventory.issue.takeBack')}
            </button>
          }
        >
          <div class="take-back">
            <label>
              {t('inventory.issue.takeBackReason')}
              <input name="reason" maxLength={200} value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
            </label>
            <div class="form-actions">
              <button
                type="button"
                class="danger"
                data-action="confirm-take-back"
                disabled={busy()}
                onClick={() => void takeBack()}
              >
                {t('inventory.issue.confirmTakeBack')}
              </button>
              <button type="button" onClick={() => setAsking(false)}>
                {t('inventory.more.cancel')}
              </button>
            </div>
          </div>
        </Show>
      </Show>
      <Notices of={notices} />
    </li>
  );
}
