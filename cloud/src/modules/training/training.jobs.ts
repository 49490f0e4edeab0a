/**
 * The training module's background work: `training.extract` reads a material's PDF from the blob store
 * and extracts its text in a worker thread (extract.worker.ts: bounded pages and characters, 256 MB of
 * heap, terminated at the timeout), then stores it and makes it searchable. A file pdf.js cannot read is
 * marked `failed` at once (the library says its text is not searchable); a crash or a timeout is tried
 * again, and marked `failed` on the last attempt. Idempotent: a material no longer pending is skipped.
 */
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { BlobStore } from '../blobs/blob-store.ts';
import type { Jobs } from '../jobs/jobs.service.ts';
import { JobError } from '../jobs/jobs.types.ts';
import { runInWorker } from '../jobs/jobs.worker.ts';
import type { PdfText } from '../../engines/search/pdf-text.ts';
import { EXTRACT_JOB, storeExtractedText } from './materials.service.ts';
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
}

/** Materials left pending (a process stopped before their job was queued): queued again, once each. */
export async function queuePendingExtractions(jobs: Jobs, db: Db) {
  for (const id of await repo.pendingExtraction(db, 500))
    await jobs.enqueue(EXTRACT_JOB, { materialId: id }, { uniqueKey: `${EXTRACT_JOB}:${id}` });
}
