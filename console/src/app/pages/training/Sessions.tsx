/**
 * 培训场次 (/training/sessions): the sessions of the units the user sees — those still to come (or under
 * way) first, soonest first, then those over, latest first — in a range (near: four weeks back and ahead;
 * this week; the next or the past four weeks; the next or past three months) and a unit, both kept in the
 * address. Each: its day and 时:分–时:分 on its hall's clocks (the zone said where halls of several zones
 * meet), title, course, where, trainer, invited and checked-in counts, and its state. "新建培训" for those
 * who schedule sessions.
 */
import { A, useSearchParams } from '@solidjs/router';
import { createMemo, createResource, For, Show } from 'solid-js';
import { api } from '../../api.ts';
import { Loaded } from '../../components/States.tsx';
import { count, dataLang, severalZones, zoneName } from '../../format.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import { can, session } from '../../session.ts';
import { HALL_ZONE, unitTree } from '../inventory/more-text.tsx';
import {
  msOf,
  phaseOf,
  PhaseBadge,
  spanText,
  Where,
  wallClock,
  zonedInstant,
  zoneOf,
  type ListedSession,
} from './sessions-text.tsx';
import { TRAINING_EDIT_ROLES, TrainingNav } from './training-text.tsx';
import './training.css';
import './sessions.css';

const DAY = 86_400_000;
export const RANGES = ['near', 'week', 'next4', 'past4', 'next13', 'past13'] as const;
type Range = (typeof RANGES)[number];
const RANGE_NAMES: Record<Range, ConsoleKey> = {
  near: 'training.sessions.range.near',
  week: 'training.sessions.range.week',
  next4: 'training.sessions.range.next4',
  past4: 'training.sessions.range.past4',
  next13: 'training.sessions.range.next13',
  past13: 'training.sessions.range.past13',
};

/** Midnight of the halls' today, and of this week's Monday. */
function dayStart(now: number) {
  const today = wallClock(now, HALL_ZONE).date;
  return zonedInstant(today, '00:00', HALL_ZONE) ?? now;
}

/** The range's [from, to) (whole days in the halls' time). */
export function rangeOf(range: Range, now = Date.now()): { from: number; to: number } {
  const today = dayStart(now);
  switch (range) {
    case 'week': {
      const [y, m, d] = wallClock(now, HALL_ZONE).date.split('-').map(Number) as [number, number, number];
      const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
      return { from: today - weekday * DAY, to: today + (7 - weekday) * DAY };
    }
    case 'next4':
      return { from: today, to: today + 28 * DAY };
    case 'past4':
      return { from: today - 28 * DAY, to: now };
    case 'next13':
      return { from: today, to: today + 91 * DAY };
    case 'past13':
      return { from: today - 91 * DAY, to: now };
    default:
      return { from: today - 28 * DAY, to: today + 29 * DAY };
  }
}

type Params = { range?: string; unit?: string };

export default function SessionsPage() {
  const [search, setSearch] = useSearchParams<Params>();
  const mayEdit = () => can(session().me(), TRAINING_EDIT_ROLES);
  const range = (): Range =>
    ((RANGES as readonly string[]).includes(search.range ?? '') ? search.range : 'near') as Range;
  const unit = () => search.unit || undefined;
  // The unit filter's choices; a user without the org tree sees all their sessions without it.
  const [units] = createResource(() => api.org.tree.query().catch(() => []));
  const [list, { refetch }] = createResource(
    () => ({ range: range(), unit: unit() }),
    async (q) => {
      const now = Date.now();
      const r = rangeOf(q.range, now);
      const rows = await api.training.sessions.query({
        from: new Date(r.from).toISOString(),
        to: new Date(r.to).toISOString(),
        ...(q.unit ? { orgUnitId: q.unit } : {}),
      });
      return { rows, now };
    },
  );
  return (
    <section class="training sessions">
      <TrainingNav mayEdit={mayEdit()} />
      <div class="page-head">
        <h1>{t('training.sessions.title')}</h1>
        <Show when={mayEdit()}>
          <A class="button primary" href="/training/sessions/new" data-action="new">
            {t('training.sessions.new')}
          </A>
        </Show>
      </div>
      <form class="filters session-filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('training.sessions.range')}
          <select name="range" onChange={(e) => setSearch({ range: e.currentTarget.value })}>
            <For each={RANGES}>
              {(r) => (
                <option value={r} selected={range() === r}>
                  {t(RANGE_NAMES[r])}
                </option>
              )}
            </For>
          </select>
        </label>
        <Show when={(units() ?? []).length > 1}>
          <label>
            {t('training.sessions.unit')}
            <select name="unit" onChange={(e) => setSearch({ unit: e.currentTarget.value || undefined })}>
              <option value="" selected={!unit()}>
                {t('training.sessions.allUnits')}
              </option>
              <For each={unitTree(units() ?? [])}>
                {(x) => (
                  <option value={x.unit.id} selected={unit() === x.unit.id} lang={dataLang(x.unit.name)}>
                    {`${'\u3000'.repeat(x.depth)}${x.unit.name}`}
                  </option>
                )}
              </For>
            </select>
          </label>
        </Show>
      </form>
      <Loaded of={list} retry={() => void refetch()} refused="training.sessions.refused">
        {(l) => <SessionList rows={l().rows} now={l().now} edit={mayEdit()} busy={list.loading} />}
      </Loaded>
    </section>
  );
}

function SessionList(props: { rows: readonly ListedSession[]; now: number; edit: boolean; busy: boolean }) {
  const ahead = createMemo(() => props.rows.filter((r) => msOf(r.endsAt) > props.now));
  const over = createMemo(() =>
    props.rows.filter((r) => msOf(r.endsAt) <= props.now).sort((a, b) => msOf(b.startsAt) - msOf(a.startsAt)),
  );
  const withZone = () => severalZones(props.rows.map((r) => zoneOf(r.timeZone)));
  return (
    <div class="session-lists" aria-busy={props.busy}>
      <Show
        when={props.rows.length > 0}
        fallback={
          <div class="empty" role="status" data-testid="no-sessions">
            <p>{t('training.sessions.empty')}</p>
            <Show when={props.edit}>
              <p>{t('training.sessions.emptyEdit')}</p>
            </Show>
          </div>
        }
      >
        <Show when={ahead().length > 0}>
          <h2>
            {t('training.sessions.ahead')} <span class="muted count">{count(ahead().length)}</span>
          </h2>
          <ol class="session-list" data-testid="sessions-ahead">
            <For each={ahead()}>{(s) => <SessionRow s={s} now={props.now} withZone={withZone()} />}</For>
          </ol>
        </Show>
        <Show when={over().length > 0}>
          <h2>
            {t('training.sessions.over')} <span class="muted count">{count(over().length)}</span>
          </h2>
          <ol class="session-list" data-testid="sessions-over">
            <For each={over()}>{(s) => <SessionRow s={s} now={props.now} withZone={withZone()} />}</For>
          </ol>
        </Show>
      </Show>
    </div>
  );
}

function SessionRow(props: { s: ListedSession; now: number; withZone: boolean }) {
  const s = () => props.s;
  const zone = () => zoneOf(s().timeZone);
  const phase = () => phaseOf(s(), props.now);
  return (
    <li class="session-row" data-session={s().id} data-phase={phase()}>
      <div class="session-when">
        <span class="time">{spanText(s().startsAt, s().endsAt, zone())}</span>
        <Show when={props.withZone}>
          <span class="zone">{zoneName(zone(), msOf(s().startsAt))}</span>
        </Show>
      </div>
      <div class="session-what">
        <A href={`/training/sessions/${s().id}`} class="session-title" lang={dataLang(s().title)}>
          {s().title}
        </A>
        <Show when={s().courseTitle}>
          {(c) => (
            <span class="course muted">
              {t('training.sessions.courseLabel')}
              <span lang={dataLang(c())}>{c()}</span>
            </span>
          )}
        </Show>
      </div>
      <div class="session-where">
        <Where mode={s().mode} hallName={s().hallName} place={s().place} />
        <Show when={s().trainerName}>
          {(n) => (
            <span class="trainer muted">
              {t('training.sessions.trainerLabel')}
              <span lang={dataLang(n())}>{n()}</span>
            </span>
          )}
        </Show>
      </div>
      <div class="session-counts" data-testid="counts">
        {phase() === 'upcoming' || phase() === 'cancelled'
          ? t('training.sessions.invitedCount', { n: count(s().invited) })
          : t('training.sessions.presentCount', { present: count(s().present), invited: count(s().invited) })}
      </div>
      <div class="session-state">
        <PhaseBadge phase={phase()} />
      </div>
    </li>
  );
}
