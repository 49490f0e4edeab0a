/**
 * Counter terminal page: what the physical call button does, in a page at the clerk's desk. The clerk
 * signs in at the counter in the address (`?counter=C01`) with staff ID and PIN (6-12 digits); the session
 * token is kept for this tab only (sessionStorage), so a closed tab leaves nothing signed in on a shared
 * PC — the counter stays the clerk's, and signing in again resumes it. When something else ends the
 * session (the clerk signed in at another counter, a manager released this one), the page says why.
 * Without a counter in the address (or with one the hall does not have) it offers the hall's counters.
 * Only what the counter's state allows is enabled; the three steps of a visit (call next, start, finish)
 * are the primary buttons, the rest (recall, no-show, call a number, transfer, pause, sign out) secondary.
 * While a ticket is served, the materials panel (Materials.tsx) records what the customer is handed.
 */
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { HubRouter } from '@hall/edge';
import { createEffect, createResource, createSignal, For, Index, Match, onCleanup, Show, Switch } from 'solid-js';
import { render } from 'solid-js/web';
import { lang, t } from '../../lib/i18n.ts';
import { LangSwitch, Name, nameLang as nameLangOf } from '../lib/names.tsx';
import '../lib/base.css';
import './counter.css';
import { MaterialsPanel } from './Materials.tsx';
import { MyShifts, type ShiftsView } from './MyShifts.tsx';
import { refusalText, tr, type Press } from './refusals.ts';

type Action = Parameters<ReturnType<typeof createTRPCClient<HubRouter>>['counter']['act']['mutate']>[0]['action'];
type State = Awaited<ReturnType<ReturnType<typeof createTRPCClient<HubRouter>>['counter']['state']['query']>>;
const REASONS = ['break', 'meal', 'meeting', 'training', 'backoffice', 'other'] as const;
const STATUS_KEYS = {
  idle: 'wall.status.idle',
  calling: 'wall.status.calling',
  serving: 'wall.status.serving',
  paused: 'wall.status.paused',
  closed: 'wall.status.closed',
} as const;

const counterId = new URLSearchParams(window.location.search).get('counter') ?? '';
document.documentElement.lang = lang();

/** What each state of the counter allows (the hub decides; the page only does not offer the rest). */
export function allowed(status: string | undefined) {
  return {
    callNext: status === 'idle',
    callSpecific: status === 'idle',
    start: status === 'calling',
    recall: status === 'calling',
    noshow: status === 'calling',
    finish: status === 'serving',
    transfer: status === 'calling' || status === 'serving',
    pause: status === 'idle',
    resume: status === 'paused',
    signOut: status !== 'calling' && status !== 'serving',
  };
}

function Counter() {
  const [token, setToken] = createSignal(window.sessionStorage.getItem(`hall.counter.${counterId}`) ?? '');
  const [state, setState] = createSignal<State | null>(null);
  const client = createTRPCClient<HubRouter>({
    links: [
      httpBatchLink({ url: `${window.location.origin}/trpc`, headers: () => ({ authorization: `Bearer ${token()}` }) }),
    ],
  });
  // The hall's counters (open to the hall network): the chooser, and this counter's name for the title.
  const [counters] = createResource(async () => {
    try {
      return await client.counter.list.query();
    } catch {
      return null;
    }
  });
  const known = () => counters()?.counters.find((c) => c.id === counterId);
  const counterName = () => known()?.name ?? state()?.counterName ?? '';
  const [busy, setBusy] = createSignal(false);
  createEffect(() => (document.title = t('ctr.title')));
  // A message is kept as how to say it, so that it follows the language switch.
  const [message, setMessage] = createSignal<{ text: () => string; tone: 'alert' | 'info' }>({
    text: () => '',
    tone: 'alert',
  });
  const say = (text: () => string, tone: 'alert' | 'info' = 'alert') => setMessage({ text, tone });
  const quiet = () => say(() => '');

  const refresh = async () => {
    if (!token()) return;
    try {
      setState(await client.counter.state.query());
    } catch (err) {
      if (err instanceof TRPCClientError && err.data?.code === 'UNAUTHORIZED') {
        // Signed out by something else (the clerk signed in at another counter, a manager released
        // this one …): say so, rather than just showing the sign-in form again.
        const out = (err as TRPCClientError<HubRouter>).data?.signedOut;
        if (out) say(() => t(`ctr.signedOut.${out.reason}`, { by: out.byName ?? out.by ?? '' }));
        else say(() => tr('sessionEnded'));
        forget();
      }
    }
  };
  const forget = () => {
    window.sessionStorage.removeItem(`hall.counter.${counterId}`);
    setToken('');
    setState(null);
    setShifts(null);
  };
  // The clerk's own shifts (today, tomorrow) from the roster the hub holds; a newly published roster
  // reaches the hub while the clerk works, so they are asked again every minute.
  const [shifts, setShifts] = createSignal<ShiftsView | null>(null);
  const loadShifts = async () => {
    if (!token()) return;
    try {
      setShifts(await client.counter.shifts.query());
    } catch {
      // Signed out or the hub away: `refresh` says so; the shifts shown stay until then.
    }
  };
  createEffect(() => {
    if (token()) void loadShifts();
  });
  const shiftTimer = setInterval(() => void loadShifts(), 60_000);
  onCleanup(() => clearInterval(shiftTimer));
  // The queue moves without the clerk: refresh the waiting count every few seconds (the page is not
  // re-created on refresh, so what the clerk is typing stays).
  const timer = setInterval(() => void refresh(), 3_000);
  onCleanup(() => clearInterval(timer));
  void refresh();

  const signIn = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    try {
      const r = await client.counter.signIn.mutate({
        counterId,
        staffId: String(form.get('staffId')),
        pin: String(form.get('pin')),
      });
      window.sessionStorage.setItem(`hall.counter.${counterId}`, r.token);
      setToken(r.token);
      quiet();
      await refresh();
    } catch (err) {
      // The hub's sentences are English and name ids: the clerk gets one from the code instead.
      const data = err instanceof TRPCClientError ? (err as TRPCClientError<HubRouter>).data : undefined;
      const seconds = data?.retryAfterSec ?? 1;
      if (data?.code === 'UNAUTHORIZED') say(() => t('ctr.signInFailed'));
      else if (data?.code === 'TOO_MANY_REQUESTS')
        say(() => (seconds > 1 ? t('ctr.tooMany', { seconds }) : tr('signInBusy')));
      else if (data?.code === 'CONFLICT') say(() => tr('signInConflict'));
      else say(() => tr(data ? 'signInFailed' : 'unreachable'));
    }
  };
  /** A refused press: the reason from the hub's code, said in the page's language. */
  const refused = (code: string | undefined, press: Press, current: string | undefined) =>
    say(() => t('ctr.refused', { message: refusalText(code, press, current) }));
  /** The hub did not answer, or the session ended (then `refresh` says why). */
  const failed = (err: unknown) => {
    if (err instanceof TRPCClientError && (err as TRPCClientError<HubRouter>).data?.code === 'UNAUTHORIZED') return;
    say(() =>
      err instanceof TRPCClientError && err.data ? t('ctr.refused', { message: tr('other') }) : tr('unreachable'),
    );
  };
  const act = async (action: Action) => {
    if (busy()) return;
    setBusy(true);
    try {
      const r = await client.counter.act.mutate({ action });
      if (r.ok) quiet();
      else refused(r.code, action, r.display.ticketNo);
    } catch (err) {
      failed(err);
    }
    await refresh();
    setBusy(false);
  };
  const signOut = async () => {
    try {
      const r = await client.counter.signOut.mutate();
      // The hub keeps a counter open while it holds a ticket: stay signed in and say what to do.
      if (!r.ok) {
        refused(r.code, { type: 'counter.close' }, state()?.display.ticketNo);
        return;
      }
    } catch (err) {
      // Signed out already (the page learns why at its next refresh), or the hub is away: say so.
      if (!(err instanceof TRPCClientError && (err as TRPCClientError<HubRouter>).data?.code === 'UNAUTHORIZED')) {
        failed(err);
        return;
      }
    }
    const name = counterName() || counterId;
    say(() => tr('signedOut', { counter: name }), 'info');
    forget();
  };
  const field = (e: Event, name: string) => String(new FormData(e.currentTarget as HTMLFormElement).get(name));

  const can = () => allowed(state()?.display.status);
  const off = (ok: boolean) => busy() || !ok;

  const signInForm = () => (
    <form class="counter-signin" onSubmit={(e) => void signIn(e)}>
      <label>
        {t('ctr.staffId')}
        <input name="staffId" required autocomplete="username" />
      </label>
      <label>
        {t('ctr.pin')}
        <input
          name="pin"
          type="password"
          inputmode="numeric"
          required
          minlength="6"
          maxlength="12"
          pattern="[0-9]{6,12}"
          title={t('ctr.pinRule')}
          autocomplete="current-password"
        />
      </label>
      <button type="submit" class="primary">
        {t('ctr.signIn')}
      </button>
    </form>
  );

  const chooser = () => (
    <nav class="counter-chooser" aria-label={t('ctr.choose')}>
      <Show when={(counters()?.counters.length ?? 0) > 0} fallback={<p>{t('ctr.noCounters')}</p>}>
        <p>{t('ctr.choose')}</p>
        <ul>
          <For each={counters()?.counters ?? []}>
            {(c) => (
              <li>
                <a href={`?counter=${encodeURIComponent(c.id)}`}>
                  <Name text={c.name} />
                </a>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </nav>
  );

  return (
    <main class="counter-page">
      <header>
        <h1>
          {t('ctr.title')}
          <Show when={counterName()}>
            {' · '}
            <Name text={counterName()} />
          </Show>
        </h1>
        <LangSwitch class="counter-lang" />
      </header>
      <p class="counter-message" role="alert" data-tone={message().tone}>
        {message().text()}
      </p>
      <Switch>
        <Match when={token() ? state() : null}>{(s) => signedIn(s)}</Match>
        <Match when={counters.loading}>
          <p class="counter-loading">{t('ctr.loading')}</p>
        </Match>
        <Match when={counters() === null}>
          <p class="counter-refused">{tr('unreachable')}</p>
        </Match>
        <Match when={!counterId}>{chooser()}</Match>
        <Match when={!known()}>
          <p class="counter-refused">{t('ctr.unknownCounter', { id: counterId })}</p>
          {chooser()}
        </Match>
        <Match when={true}>{signInForm()}</Match>
      </Switch>
    </main>
  );

  function signedIn(s: () => State) {
    return (
      <>
        <dl class="counter-display">
          <div>
            <dt>{t('ctr.status')}</dt>
            <dd data-testid="counter-status">
              {t(STATUS_KEYS[s().display.status as keyof typeof STATUS_KEYS] ?? 'wall.status.idle')}
            </dd>
          </div>
          <div>
            <dt>{t('ctr.ticket')}</dt>
            <dd data-testid="counter-ticket">
              <span translate="no">{s().display.ticketNo ?? '—'}</span>{' '}
              <Name class="counter-service" text={s().display.serviceName} />
            </dd>
          </div>
          <div>
            <dt>{t('ctr.waiting')}</dt>
            <dd data-testid="counter-waiting">{new Intl.NumberFormat(lang()).format(s().display.waiting)}</dd>
          </div>
        </dl>
        <section class="counter-primary" aria-label={t('ctr.primary')}>
          <button type="button" disabled={off(can().callNext)} onClick={() => void act({ type: 'call.next' })}>
            {t('ctr.callNext')}
          </button>
          <button type="button" disabled={off(can().start)} onClick={() => void act({ type: 'ticket.start' })}>
            {t('ctr.start')}
          </button>
          <button
            type="button"
            disabled={off(can().finish)}
            onClick={() => void act({ type: 'ticket.finish', txCount: 1 })}
          >
            {t('ctr.finish')}
          </button>
        </section>
        <Show when={s().display.status === 'serving' ? s().display.ticketNo : undefined}>
          {(ticketNo) => (
            <MaterialsPanel
              ticketNo={ticketNo()}
              api={{
                load: () => client.counter.materials.query(),
                issue: (input) => client.counter.issueMaterials.mutate(input),
              }}
              failure={(err) => {
                const data = err instanceof TRPCClientError ? (err as TRPCClientError<HubRouter>).data : undefined;
                return {
                  tooFast: data?.code === 'TOO_MANY_REQUESTS' ? (data.retryAfterSec ?? 1) : null,
                  signedOut: data?.code === 'UNAUTHORIZED',
                };
              }}
            />
          )}
        </Show>
        <MyShifts view={shifts()} />
        <section class="counter-secondary" aria-label={t('ctr.secondary')}>
          <div class="counter-row">
            <button type="button" disabled={off(can().recall)} onClick={() => void act({ type: 'call.recall' })}>
              {t('ctr.recall')}
            </button>
            <button type="button" disabled={off(can().noshow)} onClick={() => void act({ type: 'ticket.noshow' })}>
              {t('ctr.noshow')}
            </button>
            <Show when={can().resume}>
              <button type="button" disabled={busy()} onClick={() => void act({ type: 'counter.resume' })}>
                {t('ctr.resume')}
              </button>
            </Show>
          </div>
          <form
            onSubmit={(e) => (
              e.preventDefault(),
              void act({ type: 'call.specific', ticketNo: field(e, 'ticketNo').toUpperCase() })
            )}
          >
            <label>
              {t('ctr.ticketNo')}
              <input name="ticketNo" required pattern="[A-Za-z]{1,3}[0-9]{1,5}" translate="no" />
            </label>
            <button type="submit" disabled={off(can().callSpecific)}>
              {t('ctr.callSpecific')}
            </button>
          </form>
          <form
            onSubmit={(e) => (
              e.preventDefault(),
              void act({ type: 'ticket.transfer', toServiceId: field(e, 'toServiceId') })
            )}
          >
            <label>
              {t('ctr.transferTo')}
              <select name="toServiceId">
                <Index each={s().services}>
                  {(svc) => (
                    <option value={svc().id} lang={nameLangOf(svc().name)}>
                      {svc().name}
                    </option>
                  )}
                </Index>
              </select>
            </label>
            <button type="submit" disabled={off(can().transfer)}>
              {t('ctr.transfer')}
            </button>
          </form>
          <form
            onSubmit={(e) => (
              e.preventDefault(),
              void act({ type: 'counter.pause', reason: field(e, 'reason') as (typeof REASONS)[number] })
            )}
          >
            <label>
              {t('ctr.pauseReason')}
              <select name="reason">
                <For each={[...REASONS]}>{(r) => <option value={r}>{t(`ctr.reason.${r}`)}</option>}</For>
              </select>
            </label>
            <button type="submit" disabled={off(can().pause)}>
              {t('ctr.pause')}
            </button>
          </form>
          <button type="button" class="counter-signout" disabled={off(can().signOut)} onClick={() => void signOut()}>
            {t('ctr.signOut')}
          </button>
        </section>
      </>
    );
  }
}

const root = document.getElementById('root');
if (root) render(() => <Counter />, root);
