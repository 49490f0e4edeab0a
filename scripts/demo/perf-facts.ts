/**
 * The demo's daily KPIs: every demo hall's history (4 weeks up to yesterday) computed by the cloud as a
 * `performance.backfill` job per hall, asked through `kpiFacts.recompute` as a manager would, and waited
 * for (so the console's KPI pages have their month at once; from now on the nightly job adds each day
 * after closing). Runs after the KPI catalogue is seeded (the day values name its versions) and after
 * the history's rosters, on-site scores and records exist (their facts are read too).
 */
import type { DemoApi } from './forecast-demo.ts';
import { addDays } from '@hall/devices/calendar';

export interface KpiFactsHall {
  id: string;
  timeZone: string;
}

/** What `jobs.get` answers: the job's row, and its result apart. */
interface JobView {
  job: { id: number; state: string; progress: number | null; errorCode: string | null };
  result?: unknown;
}

const localDate = (at: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
const minusDays = (date: string, n: number) => addDays(date, -n);

/** One backfill per hall over its last `days` days before today; answers a line per hall. */
export async function demoKpiFacts(
  api: DemoApi,
  halls: readonly KpiFactsHall[],
  o: { days?: number; timeoutMs?: number; now?: number } = {},
): Promise<string[]> {
  const days = o.days ?? 28;
  const started = Date.now();
  const jobs: Array<{ hall: KpiFactsHall; jobId: number }> = [];
  for (const hall of halls) {
    const today = localDate(o.now ?? Date.now(), hall.timeZone);
    const r = await api.call<{ jobs: Array<{ hallId: string; jobId: number }> }>('kpiFacts.recompute', {
      hallId: hall.id,
      from: minusDays(today, days),
      to: minusDays(today, 1),
    });
    for (const j of r.jobs) jobs.push({ hall, jobId: j.jobId });
  }
  const lines: string[] = [];
  for (const { hall, jobId } of jobs)
    for (;;) {
      const { job, result } = await api.get<JobView>('jobs.get', { id: jobId });
      if (['done', 'dead', 'cancelled'].includes(job.state)) {
        const rows = (result as { rows?: number } | null | undefined)?.rows;
        lines.push(
          job.state === 'done'
            ? `${hall.id}: daily KPIs of ${days} days (${rows ?? '?'} rows) after ${((Date.now() - started) / 1000).toFixed(1)} s`
            : `${hall.id}: daily KPIs not computed (${job.errorCode ?? job.state})`,
        );
        break;
      }
      if (Date.now() - started > (o.timeoutMs ?? 90_000)) {
        lines.push(`${hall.id}: the daily KPIs are still being computed (job ${jobId})`);
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  return lines;
}
