/**
 * 绩效看板 The KPI views: a hall's board (clerks, counters and the hall over a period or today so far,
 * beside the period before), one clerk's KPIs with a daily series and the hall's band, the facts behind
 * a clerk's values (tickets, ratings, sessions with their pauses), and league tables of halls or clerks
 * under an org unit with the minimum-sample rule. Every value comes from kpi.values.ts (`kpiValuesFor`,
 * `valuesOf`), so the views agree with the reports and the cycles.
 */
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { accessRepository } from '../access/access.repository.ts';
import { subtree, type SessionUser, unitsAllowed } from '../access/access.service.ts';
import { localDate, localInstant, addDays } from '../adherence/adherence.time.ts';
import { staffRepository } from '../staff/staff.repository.ts';
import { collectDay } from './facts.collect.ts';
import { FACTS, type Facts, type SubjectKind } from './facts.ts';
import { formulaOf, kpiValuesFor, valuesOf, type KpiValue, type SubjectValues } from './kpi.values.ts';
import { performanceRepository, type KpiDefinitionRow } from './performance.repository.ts';
import {
  bandOf,
  datesOf,
  MAX_VIEW_DAYS,
  rankBy,
  resolvePeriod,
  type Band,
  type PeriodInput,
  type ResolvedPeriod,
} from './views.period.ts';
import { viewsRepository as repo, type Tenure } from './views.repository.ts';

type Hall = { id: string; name: string; timeZone: string };

/**
 * Today's facts so far for a hall, per subject. Until the daily facts job exports `todaySoFar`, the
 * sources' own collection of today (the lead wires `todaySoFar(db, hallId)` here: one line).
 */
export async function todayFacts(db: Db, hall: Hall, today: string) {
  return collectDay(db, hall, today);
}

/** Where a KPI's facts come from (the facts list opens on the first): tickets, ratings, sessions, … */
export function sourcesOf(def: Pick<KpiDefinitionRow, 'formula'>): string[] {
  const uses = formulaOf(def)?.uses ?? [];
  const out = new Set<string>();
  for (const u of uses) {
    const id = u.startsWith('hall_') ? u.slice(5) : u;
    const f = FACTS.find((x) => x.id === id);
    if (f && !u.startsWith('hall_')) out.add(f.source);
  }
  return [...out];
}

/** What the console needs to label a KPI (never the formula's internals beyond its text). */
export function kpiMeta(def: KpiDefinitionRow) {
  return {
    key: def.key,
    version: def.version,
    nameZh: def.nameZh,
    nameEn: def.nameEn,
    unit: def.unit,
    direction: def.direction,
    target: def.target,
    weight: def.weight,
    minSample: def.minSample,
    subjects: def.appliesTo.subjects,
    sources: sourcesOf(def),
  };
}

type Unit = { id: string; parentId: string | null; hallId: string | null };

/**
 * The KPIs that apply in a hall: those without org units, or naming the hall's unit or one above it
 * (a region's own KPI is neither shown in nor scored for another region's halls).
 */
export function applicableIn(defs: readonly KpiDefinitionRow[], units: readonly Unit[], hallId: string) {
  const byId = new Map(units.map((u) => [u.id, u]));
  const chain = new Set<string>();
  for (
    let u = units.find((x) => x.hallId === hallId);
    u && !chain.has(u.id);
    u = u.parentId ? byId.get(u.parentId) : undefined
  )
    chain.add(u.id);
  return defs.filter((d) => !d.appliesTo.orgUnitIds?.length || d.appliesTo.orgUnitIds.some((id) => chain.has(id)));
}

async function definitionsFor(db: Db, hallId: string, now: Date): Promise<KpiDefinitionRow[]> {
  const [defs, units] = await Promise.all([
    performanceRepository.definitionsInForce(db, now),
    accessRepository.units(db),
  ]);
  return applicableIn(defs, units, hallId);
}

async function hallOf(db: Db, hallId: string): Promise<Hall> {
  const [hall] = await repo.halls(db, [hallId]);
  if (!hall) throw new AppError('NOT_FOUND', 'no such hall', { reason: 'not-found', fields: ['hallId'] });
  return hall;
}

const todayIn = (hall: Hall, now: Date) => localDate(now.getTime(), hall.timeZone);

/** The subjects of a kind in a hall over a period (today: from today's facts so far). */
async function valuesIn(
  db: Db,
  q: {
    hall: Hall;
    period: ResolvedPeriod;
    kind: SubjectKind;
    defs: readonly KpiDefinitionRow[];
    subjectIds?: string[];
  },
): Promise<SubjectValues[]> {
  if (q.period.kind !== 'today')
    return kpiValuesFor(db, {
      hallIds: [q.hall.id],
      from: q.period.from,
      to: q.period.to,
      subjectKind: q.kind,
      definitions: q.defs,
      ...(q.subjectIds ? { subjectIds: q.subjectIds } : {}),
    });
  const facts = await todayFacts(db, q.hall, q.period.from);
  const hallFacts: Facts = facts.find((f) => f.subjectKind === 'hall')?.facts ?? {};
  return facts
    .filter((f) => f.subjectKind === q.kind && (!q.subjectIds || q.subjectIds.includes(f.subjectId)))
    .map((f) => ({
      hallId: q.hall.id,
      subjectKind: q.kind,
      subjectId: f.subjectId,
      days: 1,
      facts: f.facts,
      ...valuesOf(q.defs, q.kind, f.facts, hallFacts),
    }));
}

/** A value as the views send it (the facts are asked for separately, by the facts list). */
const slim = (v: KpiValue) => ({
  key: v.key,
  value: v.value,
  score: v.score,
  sample: v.sample,
  enough: v.enough,
  confidence: v.confidence,
});

function previousOf(list: readonly SubjectValues[]) {
  return new Map(list.map((s) => [s.subjectId, { total: s.total, values: s.values.map(slim) }]));
}

// ── The hall's board ─────────────────────────────────────────────────────────────────────────────────

export async function hallBoard(db: Db, input: { hallId: string; period: PeriodInput }, now = new Date()) {
  const hall = await hallOf(db, input.hallId);
  const period = resolvePeriod(input.period, todayIn(hall, now));
  const defs = await definitionsFor(db, hall.id, now);
  const prev: ResolvedPeriod = { ...period, kind: 'custom', ...period.previous };
  const [clerks, counters, halls, pClerks, pCounters, pHalls, people, names] = await Promise.all([
    valuesIn(db, { hall, period, kind: 'clerk', defs }),
    valuesIn(db, { hall, period, kind: 'counter', defs }),
    valuesIn(db, { hall, period, kind: 'hall', defs, subjectIds: [hall.id] }),
    valuesIn(db, { hall, period: prev, kind: 'clerk', defs }),
    valuesIn(db, { hall, period: prev, kind: 'counter', defs }),
    valuesIn(db, { hall, period: prev, kind: 'hall', defs, subjectIds: [hall.id] }),
    repo.employeesOfHalls(db, [hall.id]),
    repo.configNames(db, hall.id),
  ]);
  const before = { clerk: previousOf(pClerks), counter: previousOf(pCounters), hall: previousOf(pHalls) };
  const row = (kind: SubjectKind, s: SubjectValues | undefined, subjectId: string) => ({
    subjectId,
    days: s?.days ?? 0,
    values: s ? s.values.map(slim) : [],
    total: s?.total ?? null,
    previous: before[kind].get(subjectId) ?? null,
  });
  const byId = new Map(clerks.map((c) => [c.subjectId, c]));
  const employeeById = new Map(people.map((p) => [p.id, p]));
  const byStaffNo = new Map(people.map((p) => [p.staffId, p]));
  // Every active clerk and lead has a row (a day without facts is not a day of zeros: it shows "—");
  // a manager only when they worked a counter.
  const clerkIds = [
    ...new Set([
      ...people.filter((p) => p.status === 'active' && p.role !== 'manager').map((p) => p.id),
      ...byId.keys(),
    ]),
  ];
  const clerkRows = clerkIds.map((id) => {
    const e = employeeById.get(id) ?? (id.startsWith('staff:') ? byStaffNo.get(id.slice(6)) : undefined);
    return {
      ...row('clerk', byId.get(id), id),
      employeeId: e?.id ?? null,
      name: e?.name ?? null,
      staffId: e?.staffId ?? (id.startsWith('staff:') ? id.slice(6) : null),
    };
  });
  const counterById = new Map(counters.map((c) => [c.subjectId, c]));
  const counterIds = [...new Set([...names.counters.keys(), ...counterById.keys()])];
  return {
    hall,
    period: { kind: period.kind, from: period.from, to: period.to, previous: period.previous },
    asOf: period.kind === 'today' ? now.toISOString() : null,
    kpis: defs.map(kpiMeta),
    clerks: clerkRows,
    counters: counterIds.map((id) => ({
      ...row('counter', counterById.get(id), id),
      name: names.counters.get(id) ?? null,
    })),
    hallRow: { ...row('hall', halls[0], hall.id), name: hall.name },
  };
}

// ── One clerk ────────────────────────────────────────────────────────────────────────────────────────

/** A band shows only with this many clerks in it: fewer would tell a clerk their colleagues' values. */
export const MIN_BAND = 3;

async function employeeOf(db: Db, employeeId: string) {
  const e = await staffRepository.get(db, employeeId);
  if (!e)
    throw new AppError('NOT_FOUND', 'no such employee', {
      reason: 'not-found',
      fields: ['employeeId'],
      detail: { code: 'employee-not-found' },
    });
  return e;
}

export async function clerkKpis(db: Db, input: { employeeId: string; period: PeriodInput }, now = new Date()) {
  const e = await employeeOf(db, input.employeeId);
  const hall = await hallOf(db, e.hallId);
  const period = resolvePeriod(input.period, todayIn(hall, now));
  const defs = await definitionsFor(db, hall.id, now);
  const prev: ResolvedPeriod = { ...period, kind: 'custom', ...period.previous };
  const [everyone, before, days, hallDays] = await Promise.all([
    valuesIn(db, { hall, period, kind: 'clerk', defs }),
    valuesIn(db, { hall, period: prev, kind: 'clerk', defs, subjectIds: [e.id] }),
    period.kind === 'today'
      ? Promise.resolve([])
      : performanceRepository.daily(db, {
          hallIds: [hall.id],
          from: period.from,
          to: period.to,
          subjectKind: 'clerk',
          subjectIds: [e.id],
        }),
    period.kind === 'today'
      ? Promise.resolve([])
      : performanceRepository.daily(db, {
          hallIds: [hall.id],
          from: period.from,
          to: period.to,
          subjectKind: 'hall',
          subjectIds: [hall.id],
        }),
  ]);
  const mine = everyone.find((s) => s.subjectId === e.id);
  const kinded = defs.filter((d) => d.appliesTo.subjects.includes('clerk'));
  const bands: Record<string, Band | null> = {};
  for (const d of kinded) {
    const vals = everyone
      .map((s) => s.values.find((v) => v.key === d.key))
      .filter((v): v is KpiValue => !!v && v.enough && v.value !== null)
      .map((v) => v.value as number);
    const band = bandOf(vals);
    bands[d.key] = band && band.n >= MIN_BAND ? band : null;
  }
  const hallByDate = new Map(hallDays.map((r) => [r.date, r.facts]));
  const dayByDate = new Map(days.map((r) => [r.date, r.facts]));
  const dates = period.kind === 'today' ? [] : datesOf(period);
  const perDay = dates.map((date) => {
    const f = dayByDate.get(date);
    return { date, values: f ? valuesOf(kinded, 'clerk', f, hallByDate.get(date) ?? {}).values : null };
  });
  const series: Record<
    string,
    Array<{ date: string; value: number | null; score: number | null; enough: boolean }>
  > = {};
  for (const d of kinded)
    series[d.key] = perDay.map((p) => {
      const v = p.values?.find((x) => x.key === d.key);
      return { date: p.date, value: v?.value ?? null, score: v?.score ?? null, enough: v?.enough ?? false };
    });
  return {
    employee: { id: e.id, name: e.name, staffId: e.staffId, role: e.role, hallId: hall.id, hallName: hall.name },
    timeZone: hall.timeZone,
    period: { kind: period.kind, from: period.from, to: period.to, previous: period.previous },
    asOf: period.kind === 'today' ? now.toISOString() : null,
    kpis: kinded.map(kpiMeta),
    days: mine?.days ?? 0,
    values: mine ? mine.values.map(slim) : [],
    total: mine?.total ?? null,
    previous: before[0] ? { total: before[0].total, values: before[0].values.map(slim) } : null,
    bands,
    series,
  };
}

// ── The facts behind a clerk's values ───────────────────────────────────────────────────────────────

export const FACT_LISTS = ['tickets', 'ratings', 'sessions'] as const;
export type FactList = (typeof FACT_LISTS)[number];

const seconds = (a: Date | null, b: Date | null) =>
  a && b ? Math.max(0, Math.round((b.getTime() - a.getTime()) / 1000)) : null;

/**
 * The halls an employee worked in and when, from their moves (each effective at the new hall's local
 * midnight): a staff number is kept on a move and may be given to someone else in the old hall.
 */
export function tenuresOf(
  moves: ReadonlyArray<{ from: string; to: string; date: string }>,
  currentHallId: string,
  timeZone: string,
): Tenure[] {
  const out: Tenure[] = [];
  let since: Date | null = null;
  for (const m of moves) {
    const at = new Date(localInstant(m.date, '00:00', timeZone));
    out.push({ hallId: m.from, from: since, to: at });
    since = at;
  }
  out.push({ hallId: currentHallId, from: since, to: null });
  return out;
}

export async function factsBehind(
  db: Db,
  input: { employeeId: string; period: PeriodInput; list: FactList; limit: number; offset: number },
  now = new Date(),
) {
  const e = await employeeOf(db, input.employeeId);
  const hall = await hallOf(db, e.hallId);
  const period = resolvePeriod(input.period, todayIn(hall, now));
  const w = {
    tenures: tenuresOf(await repo.moves(db, e.id), e.hallId, hall.timeZone),
    staffId: e.staffId,
    start: new Date(localInstant(period.from, '00:00', hall.timeZone)),
    end: new Date(localInstant(addDays(period.to, 1), '00:00', hall.timeZone)),
  };
  const page = { limit: input.limit, offset: input.offset };
  const names = await repo.configNames(db, hall.id);
  const counterName = (id: string | null) => (id ? (names.counters.get(id) ?? null) : null);
  const head = {
    employee: { id: e.id, name: e.name, staffId: e.staffId, hallId: hall.id, hallName: hall.name },
    timeZone: hall.timeZone,
    period: { kind: period.kind, from: period.from, to: period.to },
    list: input.list,
    limit: input.limit,
    offset: input.offset,
  };
  if (input.list === 'tickets') {
    const { rows, total } = await repo.tickets(db, w, page);
    const rated = await repo.ratingsOfTickets(db, rows);
    return {
      ...head,
      total,
      tickets: rows.map((t) => {
        const r = rated.find(
          (x) =>
            x.hubId === t.hubId &&
            x.ticketNo === t.ticketNo &&
            x.at >= t.issuedAt &&
            x.at.getTime() < t.issuedAt.getTime() + 86_400_000,
        );
        return {
          ticketNo: t.ticketNo,
          serviceId: t.serviceId,
          serviceName: names.services.get(t.serviceId) ?? null,
          counterId: t.counterId,
          counterName: counterName(t.counterId),
          outcome: t.outcome,
          issuedAt: t.issuedAt.toISOString(),
          calledAt: t.firstCalledAt?.toISOString() ?? null,
          startedAt: t.startedAt?.toISOString() ?? null,
          endedAt: t.endedAt?.toISOString() ?? null,
          waitSeconds: seconds(t.arrivalAt, t.firstCalledAt),
          handleSeconds: seconds(t.startedAt, t.endedAt),
          transfers: t.transfers,
          rating: r ? r.score : null,
        };
      }),
      ratings: [],
      sessions: [],
    };
  }
  if (input.list === 'ratings') {
    const { rows, total } = await repo.ratings(db, w, page);
    return {
      ...head,
      total,
      tickets: [],
      ratings: rows.map((r) => ({
        ticketNo: r.ticketNo,
        score: r.score,
        skipped: r.skipped,
        reasons: (Array.isArray(r.reasons) ? r.reasons : []).filter((x): x is string => typeof x === 'string'),
        counterId: r.counterId,
        counterName: counterName(r.counterId),
        at: r.at.toISOString(),
      })),
      sessions: [],
    };
  }
  const { rows, total } = await repo.sessions(db, w, page);
  const pauses = await repo.pausesIn(db, rows, now);
  return {
    ...head,
    total,
    tickets: [],
    ratings: [],
    sessions: rows.map((s) => ({
      counterId: s.counterId,
      counterName: counterName(s.counterId),
      openedAt: s.openedAt.toISOString(),
      closedAt: s.closedAt?.toISOString() ?? null,
      minutes: Math.round(((s.closedAt ?? now).getTime() - s.openedAt.getTime()) / 60_000),
      pauses: pauses
        .filter(
          (p) =>
            p.hubId === s.hubId &&
            p.counterId === s.counterId &&
            p.startedAt >= s.openedAt &&
            p.startedAt < (s.closedAt ?? now),
        )
        .map((p) => ({
          reason: p.reason,
          note: p.note,
          startedAt: p.startedAt.toISOString(),
          endedAt: p.endedAt?.toISOString() ?? null,
          minutes: Math.round(((p.endedAt ?? s.closedAt ?? now).getTime() - p.startedAt.getTime()) / 60_000),
        })),
    })),
  };
}

// ── League tables ───────────────────────────────────────────────────────────────────────────────────

/** A league over more halls than this is refused (it would read every clerk-day of them). */
export const MAX_LEAGUE_HALLS = 500;
/** Ranked rows returned at most (the rest are counted). */
export const MAX_LEAGUE_ROWS = 1_000;

/** The org units the caller may see KPIs of (the league's chooser) and the KPIs in force. */
export async function leagueChoices(db: Db, user: SessionUser, now = new Date()) {
  const units = await accessRepository.units(db);
  const allowed = unitsAllowed(user, units, 'performance', 'view');
  const defs = await performanceRepository.definitionsInForce(db, now);
  return {
    units: units
      .filter((u) => allowed.has(u.id))
      .map((u) => ({ id: u.id, parentId: u.parentId, kind: u.kind, name: u.name, hallId: u.hallId })),
    kpis: defs.map(kpiMeta),
  };
}

export async function league(
  db: Db,
  input: {
    orgUnitId: string;
    subjectKind: 'hall' | 'clerk';
    kpiKey: string | null;
    period: Exclude<PeriodInput, { kind: 'today' }>;
  },
  now = new Date(),
) {
  const units = await accessRepository.units(db);
  const under = subtree(units, input.orgUnitId);
  const hallIds = units.filter((u) => under.has(u.id) && u.hallId).map((u) => u.hallId as string);
  if (hallIds.length > MAX_LEAGUE_HALLS)
    throw new AppError('BAD_REQUEST', `at most ${MAX_LEAGUE_HALLS} halls in a league`, {
      fields: ['orgUnitId'],
      detail: { code: 'kpi-league-too-wide', params: { max: MAX_LEAGUE_HALLS } },
    });
  const period = resolvePeriod(input.period, localDate(now.getTime(), 'UTC'));
  const defs = await performanceRepository.definitionsInForce(db, now);
  const def = input.kpiKey === null ? null : defs.find((d) => d.key === input.kpiKey);
  if (def === undefined || (def && !def.appliesTo.subjects.includes(input.subjectKind)))
    throw new AppError('NOT_FOUND', 'no such KPI for these subjects', {
      reason: 'not-found',
      fields: ['kpiKey'],
      detail: { code: 'kpi-not-found' },
    });
  // Each hall is scored with the KPIs that apply there (a region's own KPI ranks only its halls, and
  // counts in no other hall's total): halls with the same set are computed together.
  const groups = new Map<string, { defs: KpiDefinitionRow[]; hallIds: string[] }>();
  for (const h of hallIds) {
    const own = applicableIn(defs, units, h);
    if (def && !own.includes(def)) continue;
    const key = own.map((d) => d.id).join(',');
    const g =
      groups.get(key) ??
      (groups.set(key, { defs: own, hallIds: [] }).get(key) as { defs: KpiDefinitionRow[]; hallIds: string[] });
    g.hallIds.push(h);
  }
  const [groupValues, hallRows, people] = await Promise.all([
    Promise.all(
      [...groups.values()].map((g) =>
        kpiValuesFor(db, {
          hallIds: g.hallIds,
          from: period.from,
          to: period.to,
          subjectKind: input.subjectKind,
          definitions: g.defs,
        }),
      ),
    ),
    repo.halls(db, hallIds),
    input.subjectKind === 'clerk' ? repo.employeesOfHalls(db, hallIds) : Promise.resolve([]),
  ]);
  const subjects = groupValues.flat();
  const hallName = new Map(hallRows.map((h) => [h.id, h.name]));
  const person = new Map(people.map((p) => [p.id, p]));
  const rows = subjects.map((s) => {
    const v = def ? s.values.find((x) => x.key === def.key) : undefined;
    const p = person.get(s.subjectId);
    return {
      subjectId: s.subjectId,
      employeeId: p?.id ?? null,
      name: input.subjectKind === 'hall' ? (hallName.get(s.hallId) ?? null) : (p?.name ?? null),
      staffId: p?.staffId ?? (s.subjectId.startsWith('staff:') ? s.subjectId.slice(6) : null),
      hallId: s.hallId,
      hallName: hallName.get(s.hallId) ?? null,
      days: s.days,
      value: v?.value ?? null,
      score: v?.score ?? null,
      sample: v?.sample ?? null,
      enough: def ? (v?.enough ?? false) : s.total !== null,
      total: s.total,
    };
  });
  // The sample-size rule: a value below the KPI's minimum is shown apart, never ranked.
  const rankable = rows.filter((r) => (def ? r.enough && r.value !== null : r.total !== null));
  const sign = def?.direction === 'lower' ? -1 : 1;
  const ranked = rankBy(
    rankable,
    (r) => (def ? sign * (r.value as number) : (r.total as number)),
    (r) => r.days,
  ).map(({ rank, item }) => ({ rank, ...item }));
  const apart = rows.filter((r) => !rankable.includes(r));
  return {
    unit: units.find((u) => u.id === input.orgUnitId)?.name ?? null,
    subjectKind: input.subjectKind,
    kpi: def ? kpiMeta(def) : null,
    period: { kind: period.kind, from: period.from, to: period.to },
    halls: hallIds.length,
    ranked: ranked.slice(0, MAX_LEAGUE_ROWS),
    rankedTotal: ranked.length,
    tooFew: apart.filter((r) => r.value !== null || (!def && r.days > 0)).slice(0, MAX_LEAGUE_ROWS),
    noValue: apart.filter((r) => !(r.value !== null || (!def && r.days > 0))).length,
  };
}

export { MAX_VIEW_DAYS };
