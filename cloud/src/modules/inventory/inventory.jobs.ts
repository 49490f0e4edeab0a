/**
 * The inventory module's scheduled work: `inventory.materials-section` per hall just after its midnight
 * (hall-local), which rewrites the hall's `materials` section when an item's validity window opened or
 * closed (a new config version only then). Idempotent: a run again writes nothing.
 */
import type { Db } from '../../db/client.ts';
import { halls } from '../halls/halls.table.ts';
import type { Jobs } from '../jobs/jobs.service.ts';
import { JobError } from '../jobs/jobs.types.ts';
import { writeMaterialsSections } from './catalogue.service.ts';

export const MATERIALS_SECTION_JOB = 'inventory.materials-section';
/** Hall-local minutes after midnight: windows are whole calendar days, valid from 00:00. */
const AT = '2 0 * * *';

export function defineInventoryJobs(jobs: Jobs) {
  jobs.define<Record<string, never>>({
    type: MATERIALS_SECTION_JOB,
    maxAttempts: 5,
    backoff: { baseMs: 60_000, maxMs: 30 * 60_000 },
    timeoutMs: 5 * 60_000,
    handler: async ({ db, job, now }) => {
      if (!job.hallId) throw new JobError('hall-not-found', 'the job names no hall', { retry: false });
      const changed = await writeMaterialsSections(db, 'inventory (daily)', {
        hallIds: [job.hallId],
        at: now().getTime(),
      });
      return { changed: changed.length > 0 };
    },
  });
}

/** Each hall's nightly materials section (idempotent; at every start, so halls registered since get theirs). */
export async function scheduleMaterialsSections(jobs: Jobs, db: Db) {
  const rows = await db.select({ id: halls.id }).from(halls);
  await jobs.scheduleEveryHall({
    idPrefix: 'materials-section',
    type: MATERIALS_SECTION_JOB,
    hallIds: rows.map((r) => r.id),
    rule: { cron: AT },
    payload: {},
  });
}
