/** The forecast job's worker-thread entry (jobs.worker.ts loads it): the maths, off the event loop. */
import type { WorkerJobHandler } from '../jobs/jobs.types.ts';
import { computeForecast, type ForecastInput, type ForecastOutput } from './forecast.maths.ts';

export const forecastWorker: WorkerJobHandler<ForecastInput, ForecastOutput> = (input, ctx) =>
  computeForecast(input, (fraction) => {
    ctx.signal.throwIfAborted();
    ctx.progress(fraction, 'services');
  });
