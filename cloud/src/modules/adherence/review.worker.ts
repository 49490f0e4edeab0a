/** The roster review's worker-thread handler: the solver (HiGHS, WASM) runs off the cloud's event loop. */
import type { WorkerJobHandler } from '../jobs/jobs.types.ts';
import { reviewWeek, type ReviewInput, type WeekReview } from './review.calc.ts';

export const review: WorkerJobHandler<ReviewInput, WeekReview> = (input, ctx) =>
  reviewWeek(input, (f, note) => ctx.progress(f, note));
