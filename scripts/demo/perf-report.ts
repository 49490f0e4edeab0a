/**
 * The demo's daily KPI reports (绩效日报), made through the cloud's API at the first start once the
 * facts backfill has stored the history's `kpi_daily` rows: yesterday's report of every demo hall and
 * the roll-up of each region above them (and of HQ). The figures are the cloud's own, computed from the
 * halls' history by the report module; nothing is typed in. From then on each hall's report is the
 * cloud's schedule (`performance.report`, 08:00 hall-local by default).
 */
import type { Session } from './wishes-demo.ts';

interface Unit {
  id: string;
  parentId: string | null;
  hallId: string | null;
}

export interface DemoKpiReportsOptions {
  /** The halls' today (YYYY-MM-DD); default: today in Asia/Shanghai. */
  today?: string;
  /** How long to wait for the facts of yesterday to be stored (the facts backfill runs as a job). */
  waitMs?: number;
  log?: (line: string) => void;
}

const localToday = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(Date.now());

/** Answers the reports made: `H1 2026-11-29`, `region:r-east 2026-11-29`. */
export async function demoKpiReports(
  api: Session,
  hallIds: readonly string[],
  opts: DemoKpiReportsOptions = {},
): Promise<string[]> {
  const today = opts.today ?? localToday();
  const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const deadline = Date.now() + (opts.waitMs ?? 60_000);
  const made: string[] = [];
  for (const hallId of hallIds) {
    // A report without the hall's day means the facts are not stored yet: made again once they are
    // (a regeneration keeps the KPI versions the first one named).
    for (;;) {
      const report = await api.call<{ hall: { day: unknown } }>('kpiReports.generate', { hallId, date: yesterday });
      if (report.hall.day !== null || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 5_000));
    }
    made.push(`${hallId} ${yesterday}`);
  }
  // The roll-ups: every unit above a demo hall.
  const units = await api.get<Unit[]>('org.tree');
  const byId = new Map(units.map((u) => [u.id, u]));
  const above = new Set<string>();
  for (const u of units)
    if (u.hallId && hallIds.includes(u.hallId))
      for (let p = u.parentId ? byId.get(u.parentId) : undefined; p; p = p.parentId ? byId.get(p.parentId) : undefined)
        above.add(p.id);
  for (const orgUnitId of above) {
    await api.call('kpiReports.rollup.generate', { orgUnitId, date: yesterday });
    made.push(`region:${orgUnitId} ${yesterday}`);
  }
  opts.log?.(`KPI reports of ${yesterday}: ${made.length}`);
  return made;
}
