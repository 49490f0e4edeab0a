/**
 * The hall config's `staff` section as the staff module keeps it: computed from the `employees` table
 * (written by staff.service's writeStaffSection through halls.updateConfigSections), and, once per hall,
 * the import of the staff a hall config carried before the table existed.
 *
 * The import runs in a transaction holding the hall's row lock, as every section write does, and is
 * claimed by inserting the hall's row in `staff_imports` (primary key): of two processes starting
 * together, one imports and the other finds the row and does nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { staffRepository as repo, type EmployeeRow } from './staff.repository.ts';
import { DEFAULT_CONTRACT } from './staff.schema.ts';

export interface StaffEntry {
  id: string;
  name: string;
  pinHash?: string;
  /** Absent for a clerk: the hub lets a lead or manager score on-site (its phone page). */
  role?: 'lead' | 'manager';
  skills?: string[];
  levels?: Record<string, number>;
}

/**
 * What a hub needs of an employee: staff number, name, PIN hash, role (a lead or manager may score on-site
 * at the hub), the services skilled for (level ≥ 1) and the levels.
 */
export function sectionEntry(
  e: Pick<EmployeeRow, 'staffId' | 'name' | 'pinHash' | 'role' | 'skills'>,
  services: Set<string>,
) {
  const skills = Object.entries(e.skills)
    .filter(([id, level]) => level >= 1 && services.has(id))
    .map(([id]) => id)
    .sort();
  const entry: StaffEntry = { id: e.staffId, name: e.name };
  if (e.pinHash) entry.pinHash = e.pinHash;
  // A clerk carries no role key: the hub reads an entry without one as a clerk.
  if (e.role !== 'clerk') entry.role = e.role;
  // No skills recorded yet: the hub lets the clerk serve anything (its rule for an entry without skills)
  // rather than lock a new clerk out of every counter.
  if (skills.length) {
    entry.skills = skills;
    // The levels weigh call-next at the hub (queue.skillWeights): an expert gets a service's tickets first.
    entry.levels = Object.fromEntries(skills.map((id) => [id, Math.min(3, Math.round(e.skills[id] as number))]));
  }
  return entry;
}

const servicesOf = (document: Record<string, unknown> | null) =>
  new Set(((document?.services as Array<{ id?: unknown }> | undefined) ?? []).map((s) => String(s.id)));

/** The hall's section from the table: employees at work or on leave, by staff number. */
export async function staffSection(db: Db, hallId: string, document: Record<string, unknown> | null) {
  const services = servicesOf(document);
  return (await repo.onHallSection(db, hallId)).map((e) => sectionEntry(e, services));
}

/**
 * `document` with the table's staff section, and without the roster shifts of clerks who are no
 * longer in it (the config refuses a roster naming unknown staff; their shifts are void in this hall).
 */
export function withSection(document: Record<string, unknown>, section: StaffEntry[]): Record<string, unknown> {
  const ids = new Set(section.map((s) => s.id));
  const roster = document.roster as
    { days?: Array<{ shifts?: Array<{ staffId: string }> } & Record<string, unknown>> } | undefined;
  return {
    ...document,
    staff: section,
    ...(roster?.days
      ? {
          roster: {
            ...roster,
            days: roster.days.map((d) => ({ ...d, shifts: (d.shifts ?? []).filter((s) => ids.has(s.staffId)) })),
          },
        }
      : {}),
  };
}

/** JSON with object keys sorted: jsonb keeps its own key order, so equal sections can print differently. */
const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v && typeof v === 'object'
      ? `{${Object.entries(v)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
          .join(',')}}`
      : JSON.stringify(v);

const lockHall = (tx: Db, hallId: string) => repo.lockHall(tx, hallId);

/**
 * The sections to write so that `document` carries these employees (null: the hub has them already).
 * For updateConfigSections: a contract or availability change is not the hub's business and writes
 * nothing; the comparison sorts object keys, as jsonb keeps its own key order.
 */
export function sectionChange(
  document: Record<string, unknown>,
  rows: ReadonlyArray<Pick<EmployeeRow, 'staffId' | 'name' | 'pinHash' | 'role' | 'skills'>>,
): Record<string, unknown> | null {
  const services = servicesOf(document);
  const section = rows.map((e) => sectionEntry(e, services));
  if (canonical(document.staff ?? []) === canonical(section)) return null;
  const next = withSection(document, section);
  return { staff: next.staff, ...(next.roster ? { roster: next.roster } : {}) };
}

/**
 * Imports the staff entries of a hall's config into the table, once per hall: staff number, name and PIN
 * hash kept, the full-time default contract, skills at level 2 for the entry's services (or, for an entry
 * without skills, every service the hall has). From `document` (a config being put, validated) or else
 * the hall's stored config; a hall with neither is not claimed (its first config will be). Safe to call
 * from every process at every start and before every config put: the first call with a config claims
 * the hall, the others answer `{ imported: null }`. A staff number the table has already (an employee
 * created before the hall had a config) keeps the table's record.
 */
export async function importStaffOnce(
  db: Db,
  hallId: string,
  document?: Record<string, unknown>,
): Promise<{ imported: number | null }> {
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    if (!(await lockHall(tx, hallId))) return { imported: null };
    const source = document ?? (await hallsRepository.config(tx, hallId))?.document;
    if (!source) return { imported: null };
    const entries = (source.staff as StaffEntry[] | undefined) ?? [];
    if (!(await repo.claimImport(tx, hallId, entries.length))) return { imported: null };
    const services = [...servicesOf(source)];
    let imported = 0;
    for (const s of entries.slice(0, 2_000)) {
      const skills = Object.fromEntries((s.skills ?? services).map((id) => [id, 2]));
      const inserted = await repo.insertIfNew(tx, {
        id: randomUUID(),
        hallId,
        staffId: s.id,
        name: s.name,
        skills,
        contract: { ...DEFAULT_CONTRACT },
        pinHash: s.pinHash ?? null,
        role: s.role ?? 'clerk',
        // When the imported PIN was set is not known.
        pinSetAt: null,
      });
      if (inserted) imported++;
    }
    return { imported };
  });
}

/** At a cloud's start: every hall's staff imported (each hall once, whichever process gets there first). */
export async function importAllHalls(db: Db) {
  const all = await repo.hallsNotImported(db);
  let imported = 0;
  for (const h of all) imported += (await importStaffOnce(db, h.id)).imported ?? 0;
  return { halls: all.length, imported };
}
