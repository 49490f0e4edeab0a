/**
 * 指标库 The KPI catalogue: the organisation's KPIs as versioned data. Creating a KPI writes version 1;
 * editing writes the next version (never an UPDATE of a version something may have used, so whatever
 * was published with version 1 keeps meaning what it meant); retiring stamps the newest version;
 * restoring writes a new version. A draft can be tried on last month's daily facts before it is saved —
 * computed by kpiValuesFor, the same function every view, report and cycle uses.
 */
import type { Db } from '../../db/client.ts';
import { compileFormula, FORMULA_LIMITS, FUNCTIONS } from '../../engines/kpi/index.ts';
import { AppError } from '../../errors.ts';
import { accessRepository } from '../access/access.repository.ts';
import { allows, subtree, unitsAllowed, type SessionUser } from '../access/access.service.ts';
import { catalogueRepository as repo, type KpiInsert } from './catalogue.repository.ts';
import { DEFAULT_KPIS, type KpiDraft } from './defaults.ts';
import { FACTS, FORMULA_NAMES, type SubjectKind } from './facts.ts';
import { kpiValuesFor } from './kpi.values.ts';
import type { KpiDefinitionRow } from './performance.repository.ts';
import { addDays } from '@hall/devices/calendar';

/** The fields a version carries (what a diff compares). */
export const DRAFT_FIELDS = [
  'nameZh',
  'nameEn',
  'formula',
  'unit',
  'direction',
  'target',
  'bands',
  'weight',
  'appliesTo',
  'period',
  'minSample',
] as const satisfies ReadonlyArray<keyof KpiDraft>;

export const PREVIEW_LIMITS = { days: 31, halls: 200, rows: 1000 } as const;

/** JSON with object keys sorted: jsonb gives keys back in its own order, so compare this way. */
function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

/** The fields that differ between two versions, with both values. */
export function diffOf(before: Partial<KpiDraft>, after: Partial<KpiDraft>) {
  return DRAFT_FIELDS.filter((f) => canonical(before[f]) !== canonical(after[f])).map((field) => ({
    field,
    before: before[field] ?? null,
    after: after[field] ?? null,
  }));
}

const draftOf = (r: KpiDefinitionRow): KpiDraft => ({
  key: r.key,
  nameZh: r.nameZh,
  nameEn: r.nameEn,
  formula: r.formula,
  unit: r.unit,
  direction: r.direction,
  target: r.target,
  bands: r.bands,
  weight: r.weight,
  appliesTo: r.appliesTo,
  period: r.period,
  minSample: r.minSample,
});

const notFound = (key: string) =>
  new AppError('NOT_FOUND', `no KPI ${key}`, { fields: ['key'], detail: { code: 'kpi-not-found', params: { key } } });

/** The root of the org tree: where catalogue changes are audited (the catalogue is the organisation's). */
export async function rootUnit(db: Db): Promise<string | null> {
  return (await accessRepository.units(db)).find((u) => u.parentId === null)?.id ?? null;
}

async function checkUnits(db: Db, draft: Omit<KpiDraft, 'key'>) {
  const ids = draft.appliesTo.orgUnitIds ?? [];
  const existing = await repo.unitsExisting(db, ids);
  const missing = ids.findIndex((id) => !existing.has(id));
  if (missing >= 0)
    throw new AppError('BAD_REQUEST', `draft.appliesTo.orgUnitIds.${missing}: no org unit ${ids[missing]}`, {
      fields: [`draft.appliesTo.orgUnitIds.${missing}`],
      detail: { code: 'kpi-org-unit-unknown', params: { unit: ids[missing] as string } },
    });
}

/** Display names of the users who wrote versions (the console shows names, not ids). */
async function userNames(db: Db, ids: ReadonlyArray<string | null>) {
  const out: Record<string, string> = {};
  for (const id of new Set(ids.filter((x): x is string => x !== null))) {
    const u = await accessRepository.user(db, id);
    if (u) out[id] = u.name;
  }
  return out;
}

async function unitNames(db: Db) {
  return Object.fromEntries((await accessRepository.units(db)).map((u) => [u.id, u.name]));
}

/** Whether the user may change the catalogue (performance edit at the root of the org tree). */
export async function canEditCatalogue(db: Db, user: SessionUser): Promise<boolean> {
  const root = await rootUnit(db);
  return root !== null && (await allows(db, user, 'performance', 'edit', root));
}

/** Every KPI key at its newest version, with how many versions it has; retired ones only when asked. */
export async function listKpis(db: Db, user: SessionUser, q: { includeRetired: boolean }) {
  const rows = await repo.all(db);
  const byKey = new Map<string, { newest: KpiDefinitionRow; versions: number }>();
  for (const r of rows) {
    const k = byKey.get(r.key);
    byKey.set(r.key, { newest: r, versions: (k?.versions ?? 0) + 1 });
  }
  const items = [...byKey.values()]
    .filter((k) => q.includeRetired || !k.newest.retiredAt)
    .map(({ newest, versions }) => ({ ...newest, versions }));
  return {
    items,
    units: await unitNames(db),
    users: await userNames(
      db,
      items.map((i) => i.createdBy),
    ),
    canEdit: await canEditCatalogue(db, user),
  };
}

/** One key's versions, newest first, each with what changed from the one before. */
export async function kpiVersions(db: Db, key: string) {
  const rows = await repo.versions(db, key);
  if (rows.length === 0) throw notFound(key);
  const versions = rows.map((r, i) => {
    const prev = rows[i + 1];
    return { ...r, changes: prev ? diffOf(draftOf(prev), draftOf(r)) : [] };
  });
  return {
    key,
    versions,
    units: await unitNames(db),
    users: await userNames(
      db,
      rows.map((r) => r.createdBy),
    ),
  };
}

/** The facts and functions a formula may use, the bounds, and the units the caller may preview on. */
export async function reference(db: Db, user: SessionUser) {
  const units = await accessRepository.units(db);
  const visible = unitsAllowed(user, units, 'performance', 'view');
  return {
    canEdit: await canEditCatalogue(db, user),
    facts: FACTS.map((f) => ({ ...f })),
    functions: Object.entries(FUNCTIONS).map(([name, f]) => ({ name, minArgs: f.arity[0], maxArgs: f.arity[1] })),
    limits: FORMULA_LIMITS,
    units: units
      .filter((u) => visible.has(u.id))
      .map((u) => ({ id: u.id, parentId: u.parentId, kind: u.kind, name: u.name, hallId: u.hallId })),
  };
}

/**
 * A per-user bound on live validation (every pause in typing calls it). Each process keeps its own
 * counts: the bound protects this process's CPU, so it need not be shared between processes.
 */
export class ValidateLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly perWindow: number;
  private readonly windowMs: number;
  constructor(perWindow = 30, windowMs = 10_000) {
    this.perWindow = perWindow;
    this.windowMs = windowMs;
  }
  /** Milliseconds to wait before the next call, or 0 when this one may run (and is counted). */
  take(userId: string, now: number): number {
    if (this.hits.size > 10_000) this.hits.clear();
    const recent = (this.hits.get(userId) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.perWindow) return (recent[0] as number) + this.windowMs - now;
    recent.push(now);
    this.hits.set(userId, recent);
    return 0;
  }
}

export function validateFormula(formula: string) {
  const r = compileFormula(formula, FORMULA_NAMES);
  if (r.ok) return { ok: true as const, uses: r.formula.uses };
  return { ok: false as const, error: { ...r.error, column: r.error.position + 1 } };
}

const asRow = (key: string, version: number, draft: Omit<KpiDraft, 'key'>, by: string | null): KpiInsert => ({
  key,
  version,
  nameZh: draft.nameZh,
  nameEn: draft.nameEn,
  formula: draft.formula,
  unit: draft.unit,
  direction: draft.direction,
  target: draft.target,
  bands: draft.bands,
  weight: draft.weight,
  appliesTo: draft.appliesTo,
  period: draft.period,
  minSample: draft.minSample,
  createdBy: by,
});

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? null : s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/**
 * A draft computed over the daily facts of the halls under an org unit: per subject its value, score
 * or "too few", and the distribution of values and scores. Default period: the 30 days up to yesterday.
 */
export async function previewKpi(
  db: Db,
  q: { orgUnitId: string; draft: Omit<KpiDraft, 'key'>; subjectKind?: SubjectKind; from?: string; to?: string },
  now = new Date(),
) {
  const to = q.to ?? addDays(now.toISOString().slice(0, 10), -1);
  const from = q.from ?? addDays(to, -29);
  const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
  if (days < 1 || days > PREVIEW_LIMITS.days)
    throw new AppError('BAD_REQUEST', `from..to: 1 to ${PREVIEW_LIMITS.days} days`, {
      fields: ['from', 'to'],
      detail: { code: 'kpi-preview-range', params: { max: PREVIEW_LIMITS.days } },
    });
  const units = await accessRepository.units(db);
  const under = subtree(units, q.orgUnitId);
  const hallIds = units.filter((u) => under.has(u.id) && u.hallId).map((u) => u.hallId as string);
  if (hallIds.length > PREVIEW_LIMITS.halls)
    throw new AppError('BAD_REQUEST', `orgUnitId: more than ${PREVIEW_LIMITS.halls} halls`, {
      fields: ['orgUnitId'],
      detail: { code: 'kpi-preview-too-many-halls', params: { max: PREVIEW_LIMITS.halls, halls: hallIds.length } },
    });
  const subjectKind = q.subjectKind ?? q.draft.appliesTo.subjects[0] ?? 'clerk';
  const definition: KpiDefinitionRow = {
    ...asRow('preview', 0, q.draft, null),
    id: 0,
    target: q.draft.target,
    minSample: q.draft.minSample,
    retiredAt: null,
    createdAt: now,
    createdBy: null,
  } as KpiDefinitionRow;
  const [subjects, hallRows, people] = await Promise.all([
    kpiValuesFor(db, { hallIds, from, to, subjectKind, definitions: [definition] }),
    repo.hallNames(db, hallIds),
    subjectKind === 'clerk' ? repo.employeeNames(db, hallIds) : Promise.resolve([]),
  ]);
  const hallName = new Map(hallRows.map((h) => [h.id, h.name]));
  const byId = new Map(people.map((p) => [p.id, p.name]));
  const byNumber = new Map(people.map((p) => [`${p.hallId}\u0000staff:${p.staffId}`, p.name]));
  const nameOf = (hallId: string, subjectId: string) =>
    subjectKind === 'hall'
      ? (hallName.get(subjectId) ?? subjectId)
      : subjectKind === 'clerk'
        ? (byId.get(subjectId) ?? byNumber.get(`${hallId}\u0000${subjectId}`) ?? null)
        : subjectId;
  const rows = subjects
    .map((s) => {
      const v = s.values[0];
      return {
        hallId: s.hallId,
        hallName: hallName.get(s.hallId) ?? s.hallId,
        subjectId: s.subjectId,
        name: nameOf(s.hallId, s.subjectId),
        days: s.days,
        value: v?.value ?? null,
        score: v?.score ?? null,
        sample: v?.sample ?? null,
        enough: v?.enough ?? false,
      };
    })
    .sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || (b.value ?? -Infinity) - (a.value ?? -Infinity));
  const values = rows.filter((r) => r.enough && r.value !== null).map((r) => r.value as number);
  const scores = rows.filter((r) => r.score !== null).map((r) => r.score as number);
  return {
    from,
    to,
    subjectKind,
    halls: hallIds.map((id) => ({ id, name: hallName.get(id) ?? id })),
    rows: rows.slice(0, PREVIEW_LIMITS.rows),
    truncated: rows.length > PREVIEW_LIMITS.rows,
    distribution: {
      subjects: rows.length,
      scored: scores.length,
      tooFew: rows.filter((r) => !r.enough).length,
      noValue: rows.filter((r) => r.enough && r.value === null).length,
      value: {
        min: values.length ? Math.min(...values) : null,
        median: median(values),
        max: values.length ? Math.max(...values) : null,
      },
      score: {
        min: scores.length ? Math.min(...scores) : null,
        median: median(scores),
        max: scores.length ? Math.max(...scores) : null,
      },
    },
  };
}

/** A new KPI as version 1. */
export async function createKpi(db: Db, key: string, draft: Omit<KpiDraft, 'key'>, by: string) {
  await checkUnits(db, draft);
  const row = await repo.insert(db, asRow(key, 1, draft, by));
  if (!row)
    throw new AppError('CONFLICT', `key: ${key} exists`, {
      fields: ['key'],
      detail: { code: 'kpi-key-taken', params: { key } },
    });
  return row;
}

/** An edit: the next version, made from `fromVersion` (the newest, or the edit is refused as stale). */
export async function updateKpi(
  db: Db,
  q: { key: string; fromVersion: number; draft: Omit<KpiDraft, 'key'> },
  by: string,
) {
  const newest = await repo.newest(db, q.key);
  if (!newest) throw notFound(q.key);
  if (newest.version !== q.fromVersion)
    throw new AppError('CONFLICT', `fromVersion: the KPI is at version ${newest.version}`, {
      fields: ['fromVersion'],
      detail: { code: 'kpi-version-stale', params: { version: newest.version } },
    });
  if (newest.retiredAt)
    throw new AppError('CONFLICT', `${q.key} is retired: restore it first`, {
      fields: ['key'],
      detail: { code: 'kpi-retired' },
    });
  const changes = diffOf(draftOf(newest), { key: q.key, ...q.draft });
  if (changes.length === 0)
    throw new AppError('BAD_REQUEST', 'nothing changed', { fields: ['draft'], detail: { code: 'kpi-unchanged' } });
  await checkUnits(db, q.draft);
  const row = await repo.insert(db, asRow(q.key, newest.version + 1, q.draft, by));
  if (!row)
    throw new AppError('CONFLICT', `fromVersion: someone else saved version ${newest.version + 1} first`, {
      fields: ['fromVersion'],
      detail: { code: 'kpi-version-stale', params: { version: newest.version + 1 } },
    });
  return { row, before: newest, changes };
}

export async function retireKpi(db: Db, key: string, now = new Date()) {
  const newest = await repo.newest(db, key);
  if (!newest) throw notFound(key);
  const row = newest.retiredAt ? null : await repo.retire(db, newest.id, now);
  if (!row)
    throw new AppError('CONFLICT', `${key} is retired already`, { fields: ['key'], detail: { code: 'kpi-retired' } });
  return row;
}

/** A retired KPI back in force, as a new version (what was in force while it was retired stays so). */
export async function restoreKpi(db: Db, key: string, by: string) {
  const newest = await repo.newest(db, key);
  if (!newest) throw notFound(key);
  if (!newest.retiredAt)
    throw new AppError('CONFLICT', `${key} is not retired`, { fields: ['key'], detail: { code: 'kpi-not-retired' } });
  const row = await repo.insert(db, asRow(key, newest.version + 1, draftOf(newest), by));
  if (!row)
    throw new AppError('CONFLICT', `someone else changed ${key} first`, {
      fields: ['key'],
      detail: { code: 'kpi-version-stale', params: { version: newest.version + 1 } },
    });
  return row;
}

/**
 * The default telecom KPIs as version 1 of each key that has none. Idempotent, and safe with several
 * processes at once: the unique index (key, version) lets exactly one insert of each version 1 through.
 */
export async function seedDefaults(db: Db, by: string | null) {
  const written = await repo.insertFirstVersions(
    db,
    DEFAULT_KPIS.map((d) => asRow(d.key, 1, d, by)),
  );
  return { written: written.map((r) => r.key).sort(), rows: written };
}
