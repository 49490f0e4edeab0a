/**
 * How the session pages say things: a session's time in its hall's zone ("12月3日周四 09:30–11:00"), where
 * it is held (the hall and the room, or 线上 with its link), its state and an attendee's in words; the
 * wall-clock fields of the form turned into instants of the hall's zone; the server's clock (a phone's
 * may be minutes off: the check-in window is the cloud's); the units where the user may schedule.
 */
import { TRPCClientError } from '@trpc/client';
import { createSignal, onCleanup, Show } from 'solid-js';
import type { Outputs } from '../../api.ts';
import { dataLang, zoneName } from '../../format.ts';
import { lang, t, type ConsoleKey } from '../../i18n.ts';
import type { Me } from '../../session.ts';
import { HALL_ZONE, type OrgUnit } from '../inventory/more-text.tsx';
import { TRAINING_EDIT_ROLES } from './training-text.tsx';

export type ListedSession = Outputs['training']['sessions'][number];
export type SessionDetail = Outputs['training']['session'];
export type Attendee = SessionDetail['attendees'][number];
export type MySession = Outputs['training']['mySessions'][number];
export type InviteChoices = Outputs['training']['inviteChoices'];
export type Clerk = InviteChoices['employees'][number];
export type Attendance = Attendee['status'];

/** A moment as the cloud sends it (a Date in the types, ISO text on the wire) in milliseconds. */
export const msOf = (d: Date | string | number) => (typeof d === 'number' ? d : Date.parse(String(d)));

/** What the cloud answers for an id that is no session's, for an address that cannot be one (`abc`). */
export function notFoundError() {
  return TRPCClientError.from({ error: { message: 'not found', code: -32004, data: { code: 'NOT_FOUND' } } });
}

/** A session's zone: its hall's, else the halls' usual one. */
export const zoneOf = (tz: string | null | undefined) => tz || HALL_ZONE;

/** The day with its weekday, the year only when it is not this one: 12月3日 周四 / Thu, Dec 3. */
export function dayText(ms: number, timeZone: string, now = Date.now()): string {
  const year = (x: number) => new Intl.DateTimeFormat('en', { year: 'numeric', timeZone }).format(x);
  const date: Intl.DateTimeFormatOptions = {
    ...(year(ms) === year(now) ? {} : { year: 'numeric' }),
    month: 'short',
    day: 'numeric',
    timeZone,
  };
  // Chinese runs the weekday into the date (12月3日周四): a space reads better in a list of times.
  if (lang() === 'zh-CN')
    return `${new Intl.DateTimeFormat('zh-CN', date).format(ms)} ${new Intl.DateTimeFormat('zh-CN', { weekday: 'short', timeZone }).format(ms)}`;
  return new Intl.DateTimeFormat(lang(), { ...date, weekday: 'short' }).format(ms);
}

/** 时:分 in a zone (24 hours). */
export const clock = (ms: number, timeZone: string) =>
  new Intl.DateTimeFormat(lang(), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(ms);

/** A session's time: its day and 时:分–时:分 (the end's day too when it ends on another). */
export function spanText(start: Date | string, end: Date | string, timeZone: string): string {
  const a = msOf(start);
  const b = msOf(end);
  const sameDay = wallClock(a, timeZone).date === wallClock(b, timeZone).date;
  return sameDay
    ? `${dayText(a, timeZone)} ${clock(a, timeZone)}–${clock(b, timeZone)}`
    : `${dayText(a, timeZone)} ${clock(a, timeZone)} – ${dayText(b, timeZone)} ${clock(b, timeZone)}`;
}

/** A moment as a day and 时:分 (a check-in window's opening on another day). */
export const dayClock = (ms: number, timeZone: string) => `${dayText(ms, timeZone)} ${clock(ms, timeZone)}`;

/** The date (YYYY-MM-DD) and 时:分 a moment is on the clocks of a zone. */
export function wallClock(ms: number, timeZone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** How far a zone's clocks are ahead of UTC at a moment (ms). */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const [y, mo, d] = w.date.split('-').map(Number) as [number, number, number];
  const [h, mi] = w.time.split(':').map(Number) as [number, number];
  return Date.UTC(y, mo - 1, d, h, mi) - Math.floor(ms / 60_000) * 60_000;
}

/**
 * The instant a date and 时:分 on a zone's clocks stand for (the form's fields in the hall's time), or
 * null for a field left empty or malformed. Twice round, so a day a zone changes its clocks comes out right.
 */
export function zonedInstant(date: string, time: string, timeZone: string): number | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const c = /^(\d{2}):(\d{2})/.exec(time);
  if (!d || !c) return null;
  const utc = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(c[1]), Number(c[2]));
  if (Number.isNaN(utc)) return null;
  const first = utc - offsetAt(utc, timeZone);
  return utc - offsetAt(first, timeZone);
}

/** The zone's name when it is not the halls' usual one ("GMT+4"), else nothing. */
export const otherZone = (timeZone: string, at = Date.now()) =>
  zoneName(timeZone, at) === zoneName(HALL_ZONE, at) ? null : zoneName(timeZone, at);

/**
 * The cloud's clock as the page knows it: each answer that says the cloud's `now` sets the skew; `now()`
 * ticks every `stepMs` so what depends on it (a window opening, a countdown) follows by itself.
 */
export function createServerClock(stepMs = 1_000) {
  const [skew, setSkew] = createSignal(0);
  const [local, setLocal] = createSignal(Date.now());
  const timer = setInterval(() => setLocal(Date.now()), stepMs);
  onCleanup(() => clearInterval(timer));
  return {
    now: () => local() + skew(),
    sync: (serverNow: Date | string) => {
      const s = msOf(serverNow);
      if (!Number.isNaN(s)) setSkew(s - Date.now());
      setLocal(Date.now());
    },
  };
}

/** Where a session is held in words: 线上, or the hall and the room (data: each in its own language). */
export function Where(props: {
  mode: 'classroom' | 'online';
  hallName: string | null;
  place: string;
  /** An online session's link as a link (the attendee's page; the trainer's list says 线上 only). */
  link?: boolean;
}) {
  const url = () => (/^https?:\/\/\S+$/i.test(props.place.trim()) ? props.place.trim() : null);
  return (
    <span class="where" data-mode={props.mode}>
      <Show
        when={props.mode === 'online'}
        fallback={
          <>
            <Show when={props.hallName}>{(h) => <span lang={dataLang(h())}>{h()}</span>}</Show>
            <Show when={props.hallName && props.place.trim()}> · </Show>
            <Show when={props.place.trim()}>
              <span lang={dataLang(props.place)}>{props.place.trim()}</span>
            </Show>
            <Show when={!props.hallName && !props.place.trim()}>—</Show>
          </>
        }
      >
        {t('training.sessions.online')}
        <Show when={props.link && props.place.trim()}>
          {' · '}
          <Show when={url()} fallback={<span lang={dataLang(props.place)}>{props.place.trim()}</span>}>
            {(u) => (
              <a href={u()} target="_blank" rel="noopener noreferrer" translate="no" class="online-link">
                {u()}
              </a>
            )}
          </Show>
        </Show>
      </Show>
    </span>
  );
}

export type Phase = 'cancelled' | 'upcoming' | 'live' | 'ended';

/** Where a session stands now: cancelled, not started, under way, over. */
export function phaseOf(s: { status: string; startsAt: Date | string; endsAt: Date | string }, now: number): Phase {
  if (s.status === 'cancelled') return 'cancelled';
  if (now < msOf(s.startsAt)) return 'upcoming';
  return now < msOf(s.endsAt) ? 'live' : 'ended';
}

const PHASE: Record<Phase, { key: ConsoleKey; tone: string }> = {
  cancelled: { key: 'training.sessions.phase.cancelled', tone: 'offline' },
  upcoming: { key: 'training.sessions.phase.upcoming', tone: '' },
  live: { key: 'training.sessions.phase.live', tone: 'ok' },
  ended: { key: 'training.sessions.phase.ended', tone: 'muted-badge' },
};

export function PhaseBadge(props: { phase: Phase }) {
  return (
    <span class={`badge ${PHASE[props.phase].tone}`} data-phase={props.phase}>
      {t(PHASE[props.phase].key)}
    </span>
  );
}

/** An attendee's state in words: 已签到, 请假; not checked in is 未签到 until the end and 缺席 after. */
export function attendanceKey(status: Attendance, ended: boolean): ConsoleKey {
  if (status === 'present') return 'training.sessions.attendance.present';
  if (status === 'excused') return 'training.sessions.attendance.excused';
  return ended ? 'training.sessions.attendance.absent' : 'training.sessions.attendance.invited';
}

export function AttendanceBadge(props: { status: Attendance; ended: boolean }) {
  const tone = () =>
    props.status === 'present' ? 'ok' : props.status === 'excused' ? 'warning' : props.ended ? 'offline' : '';
  return (
    <span class={`badge ${tone()}`} data-attendance={props.status}>
      {t(attendanceKey(props.status, props.ended))}
    </span>
  );
}

/**
 * The units where the user may schedule (training edit: a trainer's or an administrator's grant and
 * everything under it), among those the org tree shows them.
 */
export function editableUnits(me: Me | null | undefined, units: readonly OrgUnit[]): OrgUnit[] {
  const roots = new Set(
    (me?.grants ?? [])
      .filter((g) => (TRAINING_EDIT_ROLES as readonly string[]).includes(g.role))
      .map((g) => g.orgUnitId),
  );
  const parent = new Map(units.map((u) => [u.id, u.parentId]));
  const under = (id: string) => {
    for (let u: string | null | undefined = id, n = 0; u && n < 50; u = parent.get(u), n++)
      if (roots.has(u)) return true;
    return false;
  };
  return units.filter((u) => under(u.id));
}

/** "4.5" of five, or a dash when nobody answered. */
export const scoreText = (x: number | null) =>
  x === null ? '—' : new Intl.NumberFormat(lang(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x);
