/**
 * The training module's background work: `training.extract` reads a material's PDF from the blob store
 * and extracts its text in a worker thread (extract.worker.ts: bounded pages and characters, 256 MB of
 * heap, terminated at the timeout), then stores it and makes it searchable. A file pdf.js cannot read is
 * marked `failed` at once (the library says its text is not searchable); a crash or a timeout is tried
 * again, and marked `failed` on the last attempt. Idempotent: a material no longer pending is skipped.
 * `training.suggest` (per hall, Monday 06:30 hall time, after the skill evaluation) suggests courses from
 * the clerks' gaps; `training.effects` (Monday 07:00) measures the courses taught. Both are idempotent
 * (one open suggestion per gap; one effect row per course and KPI) and may be run on demand.
 * `training.plans` (daily 07:30) turns the plan rules into assignments, closes those done and reminds.
 */
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { BlobStore } from '../blobs/blob-store.ts';
import type { Jobs } from '../jobs/jobs.service.ts';
import { JobError } from '../jobs/jobs.types.ts';
import { runInWorker } from '../jobs/jobs.worker.ts';
import type { PdfText } from '../../engines/search/pdf-text.ts';
import { skillsRepository } from '../performance/skills.repository.ts';
import { EFFECTS_CRON, EFFECTS_JOB, measureCourses } from './effects.service.ts';
import { EXTRACT_JOB, storeExtractedText } from './materials.service.ts';
import { PLANS_CRON, PLANS_JOB, runPlans } from './plans.service.ts';
import { SUGGEST_CRON, SUGGEST_JOB, suggestForHall } from './suggestions.service.ts';
import { trainingRepository as repo } from './training.repository.ts';

const WORKER = new URL('./extract.worker.ts', import.meta.url);
const MAX_ATTEMPTS = 3;

/** Errors of the runner that may pass on another attempt (the rest say the file is unreadable). */
const TRANSIENT = new Set(['timeout', 'worker-crashed', 'lease-expired', 'interrupted']);

export function defineTrainingJobs(jobs: Jobs, o: { store: BlobStore }) {
  jobs.define<{ materialId: number }>({
    type: EXTRACT_JOB,
    payload: z.object({ materialId: z.int().min(1) }),
    maxAttempts: MAX_ATTEMPTS,
    backoff: { baseMs: 10_000, maxMs: 5 * 60_000 },
    timeoutMs: 3 * 60_000,
    handler: async ({ db, job, payload, signal, progress }) => {
      const row = await repo.get(db, payload.materialId);
      if (!row || row.extraction !== 'pending' || !row.fileSha) return { skipped: true };
      const bytes = await o.store.get(row.fileSha);
      if (!bytes) {
        await storeExtractedText(db, row.id, { failed: true });
        return { failed: 'file-missing' };
      }
      try {
        const out = (await runInWorker({
          module: WORKER,
          exportName: 'extractPdfText',
          payload: { bytes },
          job,
          signal,
          onProgress: progress,
          resourceLimits: { maxOldGenerationSizeMb: 256 },
        })) as PdfText;
        await storeExtractedText(db, row.id, { text: out.text, pages: out.pages });
        return { pages: out.pages, chars: out.text.length, cut: out.cut };
      } catch (err) {
        const code = err instanceof JobError ? err.code : null;
        if (code && TRANSIENT.has(code) && job.attempt < MAX_ATTEMPTS) throw err;
        await storeExtractedText(db, row.id, { failed: true });
        return { failed: code ?? 'unreadable' };
      }
    },
  });

  jobs.define<{ hallId?: string }>({
    type: SUGGEST_JOB,
    payload: z.object({ hallId: z.string().min(1).max(64).optional() }),
    maxAttempts: 3,
    backoff: { baseMs: 60_000, maxMs: 30 * 60_000 },
    timeoutMs: 10 * 60_000,
    handler: async ({ db, job, payload, now }) => {
      const hallId = payload.hallId ?? job.hallId;
      if (!hallId) return { skipped: 'no hall' };
      return suggestForHall(db, hallId, now());
    },
  });
  jobs.define<Record<string, never>>({
    type: EFFECTS_JOB,
    payload: z.object({}).strict(),
    maxAttempts: 3,
    backoff: { baseMs: 60_000, maxMs: 30 * 60_000 },
    timeoutMs: 20 * 60_000,
    handler: async ({ db, now }) => measureCourses(db, now()),
  });
  jobs.define<Record<string, never>>({
    type: PLANS_JOB,
    payload: z.object({}).strict(),
    maxAttempts: 3,
    backoff: { baseMs: 60_000, maxMs: 30 * 60_000 },
    timeoutMs: 10 * 60_000,
    handler: async ({ db, now }) => runPlans(db, now()),
  });
}

/** The weekly suggestions of every hall and the weekly measurement of courses (called at start). */
export async function scheduleTrainingJobs(jobs: Jobs, db: Db) {
  await jobs.scheduleEveryHall({
    idPrefix: SUGGEST_JOB,
    type: SUGGEST_JOB,
    hallIds: await skillsRepository.hallIds(db),
    rule: { cron: SUGGEST_CRON },
    payload: {},
  });
  await jobs.schedule({
    id: PLANS_JOB,
    type: PLANS_JOB,
    rule: { cron: PLANS_CRON },
    timeZone: 'Asia/Shanghai',
    payload: {},
  });
  await jobs.schedule({
    id: EFFECTS_JOB,
    type: EFFECTS_JOB,
    rule: { cron: EFFECTS_CRON },
    timeZone: 'Asia/Shanghai',
    payload: {},
  });
}

/** Materials left pending (a process stopped before their job was queued): queued again, once each. */
export async function queuePendingExtractions(jobs: Jobs, db: Db) {
  for (const id of await repo.pendingExtraction(db, 500))
    await jobs.enqueue(EXTRACT_JOB, { materialId: id }, { uniqueKey: `${EXTRACT_JOB}:${id}` });
}
