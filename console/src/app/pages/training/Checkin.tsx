/**
 * 扫码签到 (/training/checkin?s=<session>&c=<code>): what a clerk's phone opens from the room's QR code.
 * Signed out, the console's frame sends them to sign in and back to this very address; signed in, the
 * check-in is made at once — no button for the usual case — and the answer is said plainly: 签到成功 with
 * the session's title, time and place; or why not (the window closed, the code expired: scan again, not
 * on the list, no staff record), in the cloud's words.
 */
import { A, useSearchParams } from '@solidjs/router';
import { TRPCClientError } from '@trpc/client';
import { createResource, Match, Show, Switch, type JSX } from 'solid-js';
import { api, errorMessage } from '../../api.ts';
import { dataLang } from '../../format.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import { can, session } from '../../session.ts';
import { clock, dayClock, msOf, spanText, Where, zoneOf } from './sessions-text.tsx';
import './training.css';
import './sessions.css';
import './sessions-mine.css';

/** A room's code as the cloud makes it (8 characters of base64url). */
const CODE = /^[A-Za-z0-9_-]{8}$/;

const TITLES: Record<string, ConsoleKey> = {
  'training-checkin-code': 'training.checkin.expiredTitle',
  'training-checkin-closed': 'training.checkin.closedTitle',
  'training-checkin-not-invited': 'training.checkin.notInvitedTitle',
};

export default function CheckinPage() {
  const [search] = useSearchParams<{ s?: string; c?: string }>();
  const query = () => {
    const sessionId = Number(search.s);
    const code = search.c ?? '';
    return Number.isInteger(sessionId) && sessionId > 0 && sessionId <= 2_147_483_647 && CODE.test(code)
      ? { sessionId, code }
      : null;
  };
  const [result] = createResource(query, (q) => api.training.checkIn.mutate(q));
  const refusal = () =>
    result.error instanceof TRPCClientError
      ? (result.error.data as { detail?: { code: string; params?: Record<string, string> } } | undefined)?.detail
      : undefined;
  const detail = () => refusal()?.code ?? null;
  /** A closed window's times, on the phone's own clocks (it is in the room's town). */
  const closedWindow = () => {
    const p = refusal()?.params;
    const from = Date.parse(p?.opensAt ?? '');
    const to = Date.parse(p?.closesAt ?? '');
    if (detail() !== 'training-checkin-closed' || Number.isNaN(from) || Number.isNaN(to)) return null;
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return { from: dayClock(from, zone), to: dayClock(to, zone) };
  };
  const staff = () => can(session().me(), ['staff']);
  return (
    <section class="training checkin-page">
      <Switch>
        <Match when={!query()}>
          <Outcome kind="refused" title="training.checkin.failedTitle" reason="bad-link">
            <p>{t('training.checkin.badLink')}</p>
          </Outcome>
        </Match>
        <Match when={result.error as unknown}>
          <Outcome kind="refused" title={TITLES[detail() ?? ''] ?? 'training.checkin.failedTitle'} reason={detail()}>
            <p class="reason">{errorMessage(result.error)}</p>
            <Show when={closedWindow()}>
              {(w) => (
                <p class="muted" data-testid="checkin-window">
                  {t('training.checkin.window', w())}
                </p>
              )}
            </Show>
          </Outcome>
        </Match>
        <Match when={result.state === 'ready' && result()}>
          {(r) => (
            <Outcome
              kind={r().already ? 'already' : 'ok'}
              title={r().already ? 'training.checkin.alreadyTitle' : 'training.checkin.okTitle'}
            >
              <p class="checkin-session" lang={dataLang(r().title)} data-testid="checkin-title">
                {r().title}
              </p>
              <p class="checkin-when">{spanText(r().startsAt, r().endsAt, zoneOf(r().timeZone))}</p>
              <p class="checkin-where">
                <Where mode={r().mode} hallName={r().hallName} place={r().place} />
              </p>
              <p class="muted">
                {t('training.checkin.at', { time: clock(msOf(r().checkedInAt), zoneOf(r().timeZone)) })}
              </p>
            </Outcome>
          )}
        </Match>
        <Match when={true}>
          <p class="checkin-working" role="status">
            {t('training.checkin.working')}
          </p>
        </Match>
      </Switch>
      {/* The state, not result(): reading a failed resource throws. */}
      <Show when={staff() && (result.state === 'ready' || result.state === 'errored' || !query())}>
        <p class="checkin-more">
          <A href="/me/training">{t('training.checkin.mine')}</A>
        </p>
      </Show>
    </section>
  );
}

function Outcome(props: {
  kind: 'ok' | 'already' | 'refused';
  title: ConsoleKey;
  reason?: string | null;
  children: JSX.Element;
}) {
  return (
    <div
      class={`checkin-result ${props.kind}`}
      role={props.kind === 'refused' ? 'alert' : 'status'}
      data-testid="checkin-result"
      data-outcome={props.kind}
      data-reason={props.reason ?? ''}
    >
      <span class="checkin-mark" aria-hidden="true">
        {props.kind === 'refused' ? '!' : '✓'}
      </span>
      <h1>{t(props.title)}</h1>
      {props.children}
    </div>
  );
}
