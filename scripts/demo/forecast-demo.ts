/**
 * The demo's planning inputs, made through the cloud's API as a hall manager would: each hall's
 * planning settings saved once (the defaults the cloud derives from its opening hours and services,
 * as version 1), then a forecast from its own weeks of history (`forecast.run`: the same background job
 * that runs every night after closing), waited for so the first start prints each hall's accuracy.
 */
export interface DemoApi {
  call<T>(path: string, input: unknown): Promise<T>;
  get<T>(path: string, input?: unknown): Promise<T>;
}

interface Status {
  forecast: { version: number; accuracy: { wape: number | null; days: number } } | null;
  job: { id: number; state: string; errorCode: string | null } | null;
}

/** Settings and a forecast per hall; answers a line per hall ("WAPE 14.2% over 21 days"). */
export async function demoForecasts(api: DemoApi, hallIds: string[], timeoutMs = 120_000): Promise<string[]> {
  const jobs = new Map<string, number>();
  for (const hallId of hallIds) {
    const s = await api.get<{ stored: boolean; version: number; settings: unknown }>('schedulingSettings.get', {
      hallId,
    });
    if (!s.stored) await api.call('schedulingSettings.put', { hallId, baseVersion: s.version, settings: s.settings });
    const { jobId } = await api.call<{ jobId: number }>('forecast.run', { hallId });
    jobs.set(hallId, jobId);
  }
  const lines: string[] = [];
  const started = Date.now();
  for (const hallId of hallIds) {
    for (;;) {
      const st = await api.get<Status>('forecast.status', { hallId });
      const job = st.job;
      if (job && job.id === jobs.get(hallId) && ['done', 'dead', 'cancelled'].includes(job.state)) {
        const a = st.forecast?.accuracy;
        lines.push(
          job.state === 'done' && a
            ? `${hallId}: forecast v${st.forecast?.version}, WAPE ${a.wape === null ? '—' : `${(100 * a.wape).toFixed(1)}%`} over ${a.days} days`
            : `${hallId}: no forecast (${job.errorCode ?? job.state})`,
        );
        break;
      }
      if (Date.now() - started > timeoutMs) {
        lines.push(`${hallId}: the forecast is still running (see the 业务预测 page)`);
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return lines;
}
