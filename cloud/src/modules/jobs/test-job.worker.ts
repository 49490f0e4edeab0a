/** TEST ONLY — worker-thread handlers for test-job.types.ts (a crash, a hang, a computation). */
import type { WorkerJobHandler } from './jobs.types.ts';

/** Throws from a callback, where nothing catches it: the thread dies, as with emscripten's abort(). */
export const crash: WorkerJobHandler = () =>
  new Promise(() => {
    setTimeout(() => {
      // The error HiGHS-WASM threw (WebAssembly.RuntimeError: the lib has no DOM/WebAssembly types here).
      const RuntimeError = (globalThis as unknown as { WebAssembly: { RuntimeError: ErrorConstructor } }).WebAssembly
        .RuntimeError;
      throw new RuntimeError('Aborted()');
    }, 10);
  });

/** Spins without ever yielding: only terminating the thread stops it. */
export const hang: WorkerJobHandler = () => {
  for (;;) {
    // busy
  }
};

export const square: WorkerJobHandler<{ n: number }, { square: number }> = (payload, ctx) => {
  ctx.progress(0.5, 'half');
  return { square: payload.n * payload.n };
};
