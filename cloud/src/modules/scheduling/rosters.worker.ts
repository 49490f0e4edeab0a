/**
 * The roster solve in a worker thread (jobs module): HiGHS-WASM can abort its thread or run long, which
 * must cost this job, not the cloud. Gets the engine's instance, answers the engine's result.
 */
import { RosterInfeasible, solveRoster, type RosterInstance, type RosterResult } from '@hall/cloud/workforce';
import { JobError, type WorkerJobHandler } from '../jobs/jobs.types.ts';

export interface SolvePayload {
  instance: RosterInstance;
  gap: number;
  /** Branch-and-bound nodes per solver run: the same instance gives the same roster on any machine. */
  nodes: number;
}

export const solve: WorkerJobHandler<SolvePayload, RosterResult> = async (payload, ctx) => {
  let first: number | null = null;
  const result = await solveRoster(payload.instance, {
    gap: payload.gap,
    nodes: payload.nodes,
    onProgress: (p) => {
      if (ctx.signal.aborted) return;
      // Progress as the gap closes: from the first gap seen down to the target.
      first ??= Math.max(p.gap, payload.gap * 2);
      const closed = first > payload.gap ? (first - Math.max(p.gap, payload.gap)) / (first - payload.gap) : 1;
      ctx.progress(0.1 + 0.8 * Math.max(0, Math.min(1, closed)), `gap ${(p.gap * 100).toFixed(1)}%`);
    },
  });
  ctx.signal.throwIfAborted();
  return result;
};

/** The solve, with "no roster keeps every hard rule" as a coded failure that is not retried. */
export const solveOrExplain: WorkerJobHandler<SolvePayload, RosterResult> = async (payload, ctx) => {
  try {
    return await solve(payload, ctx);
  } catch (err) {
    if (err instanceof RosterInfeasible)
      throw new JobError('roster-infeasible', 'no roster keeps every hard rule', { retry: false });
    throw err;
  }
};
