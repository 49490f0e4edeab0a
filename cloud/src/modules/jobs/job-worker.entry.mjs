// The first module of a job's worker thread (jobs.worker.ts starts it): loads the job type's module and
// runs its handler, reporting progress and the outcome to the cloud process. On Node 20 the TypeScript
// module is loaded through tsx (development); Node ≥ 22.18 strips types itself (production on Node 24).
import { parentPort, workerData } from 'node:worker_threads';

if (!process.features.typescript) {
  const { register } = await import('tsx/esm/api');
  register();
}
const controller = new AbortController();
parentPort.on('message', (m) => {
  if (m && m.kind === 'abort') controller.abort(m.reason);
});
try {
  const mod = await import(workerData.module);
  const handler = mod[workerData.exportName];
  if (typeof handler !== 'function') throw new Error(`no export ${workerData.exportName} in the job's module`);
  const result = await handler(workerData.payload, {
    job: workerData.job,
    signal: controller.signal,
    progress: (fraction, note) => parentPort.postMessage({ kind: 'progress', fraction, note }),
  });
  parentPort.postMessage({ kind: 'done', result });
} catch (err) {
  parentPort.postMessage({
    kind: 'failed',
    name: err && err.name ? String(err.name) : 'Error',
    message: err && err.message ? String(err.message).slice(0, 500) : '',
    code: err && typeof err.code === 'string' ? err.code : null,
    retry: err && err.retry === false ? false : true,
  });
}
