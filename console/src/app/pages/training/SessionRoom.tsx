/**
 * 现场签到 (/training/sessions/:id/room): what the projector or a tablet in the room shows, over the whole
 * screen — a big QR code of `<origin>/training/checkin?s=<id>&c=<code>` (the code changes every 30 s: the
 * next one is fetched at `refreshAt`, a bar counts down to it), the session's title and time, "已签到
 * 12 / 20" and the names as they arrive (the session read again every few seconds). Before the window:
 * when it opens, and no code; after it: that it is over. The code is also on the page as `data-code`.
 */
import { A, useParams } from '@solidjs/router';
import { createEffect, createMemo, createResource, For, onCleanup, Show, untrack } from 'solid-js';
import { api } from '../../api.ts';
import { Loaded, Refused } from '../../components/States.tsx';
import { count, dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import { lastGood } from '../../resource.ts';
import { QrCode } from './Qr.tsx';
import {
  clock,
  createServerClock,
  dayClock,
  msOf,
  notFoundError,
  spanText,
  Where,
  wallClock,
  zoneOf,
  type SessionDetail,
} from './sessions-text.tsx';
import './training.css';
import './sessions.css';
import './session-room.css';

/** The room's code's life (sessions.service.ts CODE_STEP_SECONDS). */
const STEP_MS = 30_000;
const LIVE_MS = 3_000;
/** Names shown at once (the newest); the rest are counted. */
const NAMES_SHOWN = 48;

export default function SessionRoomPage() {
  const params = useParams<{ id: string }>();
  const id = () => Number(params.id);
  const clockNow = createServerClock(250);
  const [data, { refetch }] = createResource(id, async (n) => {
    if (!Number.isInteger(n) || n < 1 || n > 2_147_483_647) throw notFoundError();
    const d = await api.training.session.query({ id: n });
    clockNow.sync(d.now);
    return d;
  });
  return (
    <section class="training session-room-page">
      <Loaded
        of={data}
        retry={() => void refetch()}
        refused="training.sessions.roomRefused"
        notFound="training.sessions.notFound"
      >
        {(d) => (
          // The room's code is its trainers' (training edit where the session is held).
          <Show when={d().canEdit} fallback={<Refused what="training.sessions.roomRefused" />}>
            <Room d={d()} now={clockNow.now} refetch={() => void refetch()} />
          </Show>
        )}
      </Loaded>
    </section>
  );
}

function Room(props: { d: SessionDetail; now: () => number; refetch: () => void }) {
  const s = () => props.d.session;
  const zone = () => zoneOf(s().timeZone);
  const [code, { refetch: refetchCode }] = createResource(
    () => s().id,
    (sessionId) => api.training.checkinCode.query({ sessionId }),
  );
  // A failed read keeps the code shown (still good for a minute) while the next is tried.
  const current = lastGood(code);
  // The next code at its time (or the first at the window's opening); after a failure, again shortly.
  createEffect(() => {
    const c = current();
    const failed = Boolean(code.error);
    const now = untrack(props.now);
    let at: number | null = null;
    if (failed) at = now + LIVE_MS;
    else if (c?.open) at = msOf(c.refreshAt);
    else if (c && now < msOf(c.opensAt)) at = msOf(c.opensAt);
    if (at === null) return;
    const timer = setTimeout(() => void refetchCode(), Math.min(2_000_000_000, Math.max(500, at - now + 300)));
    onCleanup(() => clearTimeout(timer));
  });
  const open = createMemo(() => Boolean(current()?.open));
  // The names as they arrive: the session read again while the window is open.
  createEffect(() => {
    if (!open()) return;
    const timer = setInterval(() => props.refetch(), LIVE_MS);
    onCleanup(() => clearInterval(timer));
  });
  const url = () => {
    const c = current()?.code;
    return c ? `${location.origin}/training/checkin?s=${s().id}&c=${encodeURIComponent(c)}` : null;
  };
  const left = () => {
    const c = current();
    return c?.open ? Math.max(0, Math.min(1, (msOf(c.refreshAt) - props.now()) / STEP_MS)) : 0;
  };
  const arrived = createMemo(() =>
    props.d.attendees
      .filter((a) => a.status === 'present')
      .sort((a, b) => msOf(b.checkedInAt ?? 0) - msOf(a.checkedInAt ?? 0)),
  );
  const expected = () => props.d.attendees.filter((a) => a.status !== 'excused').length;
  const state = (): 'open' | 'before' | 'after' | 'cancelled' | 'loading' => {
    if (s().status === 'cancelled') return 'cancelled';
    const c = current();
    if (!c) return 'loading';
    if (c.open) return 'open';
    return props.now() < msOf(c.opensAt) ? 'before' : 'after';
  };
  const opensText = () => {
    const at = msOf(s().opensAt);
    const sameDay = wallClock(at, zone()).date === wallClock(props.now(), zone()).date;
    return sameDay ? clock(at, zone()) : dayClock(at, zone());
  };

  return (
    <div class="session-room" data-state={state()} data-code={current()?.code ?? ''} data-testid="room">
      <header class="room-head">
        <h1 lang={dataLang(s().title)}>{s().title}</h1>
        <p class="room-when">
          <span>{spanText(s().startsAt, s().endsAt, zone())}</span>
          <span class="room-where">
            <Where mode={s().mode} hallName={s().hallName} place={s().place} />
          </span>
        </p>
        <A class="room-exit" href={`/training/sessions/${s().id}`}>
          {t('training.sessions.roomExit')}
        </A>
      </header>
      <div class="room-body">
        <div class="room-code">
          <Show when={state() === 'open' && url()}>
            {(u) => (
              <>
                <QrCode text={u()} label={t('training.sessions.qrLabel')} class="qr" />
                <div class="countdown" aria-hidden="true">
                  <span class="countdown-bar" style={{ width: `${left() * 100}%` }} />
                </div>
                <p class="room-hint">{t('training.sessions.roomHint')}</p>
              </>
            )}
          </Show>
          <Show when={state() === 'before'}>
            <p class="room-closed" data-testid="room-before">
              {t('training.sessions.roomOpensAt', { time: opensText() })}
            </p>
          </Show>
          <Show when={state() === 'after'}>
            <p class="room-closed" data-testid="room-after">
              {t('training.sessions.roomOver')}
            </p>
          </Show>
          <Show when={state() === 'cancelled'}>
            <p class="room-closed">{t('training.sessions.cancelledBanner')}</p>
          </Show>
          <Show when={state() === 'loading'}>
            <p class="room-closed muted">{t('common.loading')}</p>
          </Show>
          <Show when={code.error as unknown}>
            <p class="room-retrying" role="alert">
              {t('training.sessions.roomRetrying')}
            </p>
          </Show>
        </div>
        <div class="room-side">
          <p class="room-tally" data-testid="room-tally" role="status">
            {t('training.sessions.presentCount', { present: count(arrived().length), invited: count(expected()) })}
          </p>
          <ul class="room-names" data-testid="room-names">
            <For each={arrived().slice(0, NAMES_SHOWN)}>
              {(a) => (
                <li lang={dataLang(a.name)} data-employee={a.employeeId}>
                  {a.name ?? t('training.sessions.unknownClerk')}
                </li>
              )}
            </For>
          </ul>
          <Show when={arrived().length > NAMES_SHOWN}>
            <p class="muted">{t('training.sessions.roomMore', { n: count(arrived().length - NAMES_SHOWN) })}</p>
          </Show>
        </div>
      </div>
    </div>
  );
}
