/** What the ingest of `onsite.scored` reads and writes: template versions, the clerk's employee, the form. */
import { and, eq, inArray, or } from 'drizzle-orm';
import type { ChecklistTemplate } from '@hall/devices';
import type { Db } from '../../db/client.ts';
import { blobs } from '../blobs/blobs.table.ts';
import { checklistTemplates, onsiteForms } from '../performance/onsite.table.ts';
import { employees } from '../staff/staff.table.ts';
import type { Tx } from './ingest.repository.ts';

type Q = Db | Tx;

export const ingestOnsiteRepository = {
  /** The template documents of these (id, version) pairs, keyed `id@version`. */
  async templates(db: Q, refs: ReadonlyArray<{ id: string; version: number }>) {
    const out = new Map<string, ChecklistTemplate>();
    if (refs.length === 0) return out;
    const rows = await db
      .select({ id: checklistTemplates.id, version: checklistTemplates.version, document: checklistTemplates.document })
      .from(checklistTemplates)
      .where(or(...refs.map((r) => and(eq(checklistTemplates.id, r.id), eq(checklistTemplates.version, r.version)))));
    for (const r of rows) out.set(`${r.id}@${r.version}`, r.document);
    return out;
  },
  /** Which of these blobs the cloud holds. */
  async blobsHeld(db: Q, shas: readonly string[]): Promise<Set<string>> {
    if (shas.length === 0) return new Set();
    const rows = await db
      .select({ sha256: blobs.sha256 })
      .from(blobs)
      .where(inArray(blobs.sha256, [...shas]));
    return new Set(rows.map((r) => r.sha256));
  },
  async employeeOf(db: Q, hallId: string, staffId: string): Promise<string | null> {
    const [row] = await db
      .select({ id: employees.id })
      .from(employees)
      .where(and(eq(employees.hallId, hallId), eq(employees.staffId, staffId)));
    return row?.id ?? null;
  },
  /** Inserts the form unless one with its id exists (a form sent twice, or by both paths, is one). */
  insertForm: (db: Q, row: typeof onsiteForms.$inferInsert) =>
    db.insert(onsiteForms).values(row).onConflictDoNothing({ target: onsiteForms.formId }),
};
