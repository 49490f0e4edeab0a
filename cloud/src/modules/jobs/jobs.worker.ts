/**
 * Runs one job in a `worker_threads` Worker, so that whatever the job does to its thread — a WASM
 * `RuntimeError: Aborted()`, a hang, running out of heap — costs that thread and this job, not the cloud.
 * The Worker is always terminated when the job ends, however it ends.
 */
import { Worker } from 'node:worker_threads';
import { JobError, safeErrorText, type JobInfo } from './jobs.types.ts';

const ENTRY = new URL('./job-worker.entry.mjs', import.meta.url);

/** How long a worker asked to stop (cancelled, shutdown) may take before it is terminated. */
const STOP_GRACE_MS = 2_000;

export function runInWorker(o: {
  module: URL;
  exportName: string;
  payload: unknown;
  job: JobInfo;
  signal: AbortSignal;
  onProgress: (fraction: number, note?: string) => void;
  resourceLimits?: { maxOldGenerationSizeMb?: number };
}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(ENTRY, {
      workerData: { module: o.module.href, exportName: o.exportName, payload: o.payload, job: o.job },
      ...(o.resourceLimits ? { resourceLimits: o.resourceLimits } : {}),
      stderr: false,
      stdout: false,
    });
    let settled = false;
    let grace: ReturnType<typeof setTimeout> | null = null;
    const end = (fn: () => void) => {
      if (settled) return;
      settled = true;
      o.signal.removeEventListener('abort', onAbort);
      if (grace) clearTimeout(grace);
      void worker.terminate();
      fn();
    };
    const onAbort = () => {
      const reason = String(o.signal.reason ?? 'aborted');
      if (reason === 'timeout' || reason === 'lease-lost') {
        end(() => reject(new JobError(reason === 'timeout' ? 'timeout' : 'lease-expired')));
        return;
      }
      worker.postMessage({ kind: 'abort', reason });
      grace = setTimeout(() => end(() => reject(new JobError(reason))), STOP_GRACE_MS);
      grace.unref();
    };
    if (o.signal.aborted) return onAbort();
    o.signal.addEventListener('abort', onAbort);
    worker.on('message', (m: { kind: string; [k: string]: unknown }) => {
      if (m.kind === 'progress') o.onProgress(Number(m.fraction), typeof m.note === 'string' ? m.note : undefined);
      else if (m.kind === 'done') end(() => resolve(m.result));
      else if (m.kind === 'failed') {
        const err = Object.assign(new Error(String(m.message)), { name: String(m.name) });
        end(() =>
          reject(
            typeof m.code === 'string' && m.name === 'JobError'
              ? new JobError(m.code, String(m.message), { retry: m.retry !== false })
              : new JobError('handler-failed', safeErrorText(err) ?? ''),
          ),
        );
      }
    });
    // An exception nobody caught in the worker (an emscripten abort thrown from a callback): the thread died.
    worker.on('error', (err) => end(() => reject(new JobError('worker-crashed', safeErrorText(err) ?? ''))));
    worker.on('exit', (code) =>
      end(() => reject(new JobError('worker-crashed', `the worker thread exited (code ${code})`))),
    );
  });
}
