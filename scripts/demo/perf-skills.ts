/**
 * The demo's skill levels and staff records (技能等级, 档案), made through the cloud's API at the first
 * start, as a manager works:
 *
 * - `demoSkills` (after the staff demo, before the facts backfill): reads each hall's skill rules (the
 *   default set is seeded on first use), and records a few awards and errors on history days, each
 *   taken from that day's own figures (analytics' breakdown by staff): an award to the clerk who served
 *   the most that day, an error to a clerk who worked it (their slowest-handling day among the three).
 *   A hall whose record has entries already (an earlier start) is left alone.
 * - `demoSkillEvaluation` (after the facts backfill; `demoSkills` runs it itself unless told not to):
 *   asks for each hall's evaluation (a job), so proposals wait for the manager on /halls/:hallId/skills.
 */
import { addDays } from '@hall/devices/calendar';

export interface DemoApi {
  get<T>(path: string, input?: unknown): Promise<T>;
  call<T>(path: string, input: unknown): Promise<T>;
}

export interface DemoSkillsHall {
  scenario: { hall: { id: string; timeZone: string } };
}

interface StaffRow {
  key: string;
  label: string;
  served: number;
  avgServiceMin: number | null;
}

const dayBefore = (today: string, n: number) => addDays(today, -n);

/**
 * Rules, awards and errors, then (unless `evaluate: false`, when the caller runs `demoSkillEvaluation`
 * after the facts backfill) the evaluation of the halls it recorded in; answers the entries made per hall.
 */
export async function demoSkills(
  api: DemoApi,
  halls: readonly DemoSkillsHall[],
  opts: { evaluate?: boolean } = {},
): Promise<Record<string, number>> {
  const made: Record<string, number> = {};
  for (const h of halls) {
    const hallId = h.scenario.hall.id;
    await api.get('skillLevels.rules', { hallId });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: h.scenario.hall.timeZone }).format(new Date());
    const { items } = await api.get<{ items: Array<{ id: string; staffId: string }> }>('staff.list', {
      hallId,
      limit: 200,
    });
    const byNumber = new Map(items.map((e) => [e.staffId, e.id]));
    const first = items[0];
    if (!first) continue;
    const existing = await api.get<{ entries: unknown[] }>('staffRecords.get', { employeeId: first.id });
    if (existing.entries.length > 0) continue;
    made[hallId] = 0;
    const days = [3, 9, 16].map((n) => dayBefore(today, n));
    const slowest = new Map<string, { date: string; minutes: number }>();
    for (const date of days) {
      const { rows } = await api.get<{ rows: StaffRow[] }>('analytics.breakdown', { hallId, date, by: 'staff' });
      const worked = rows.filter((r) => r.served > 0 && byNumber.has(r.key));
      const best = [...worked].sort((a, b) => b.served - a.served)[0];
      if (best) {
        await api.call('staffRecords.add', {
          employeeId: byNumber.get(best.key),
          date,
          kind: 'award',
          category: 'service',
          description: `当日办结 ${best.served} 笔，全厅第一`,
          points: 5,
        });
        made[hallId] += 1;
      }
      for (const r of worked)
        if (r.avgServiceMin !== null && r.avgServiceMin > (slowest.get(r.key)?.minutes ?? 0))
          slowest.set(r.key, { date, minutes: r.avgServiceMin });
    }
    // An error for the clerk with the slowest day, on that day: a re-done transaction is what slows one.
    const [who, when] = [...slowest.entries()].sort((a, b) => b[1].minutes - a[1].minutes)[0] ?? [];
    if (who && when) {
      await api.call('staffRecords.add', {
        employeeId: byNumber.get(who),
        date: when.date,
        kind: 'error',
        category: 'process',
        description: '套餐变更录入错误，已为客户重新办理',
        points: 1,
      });
      made[hallId] += 1;
    }
  }
  if (opts.evaluate !== false)
    await demoSkillEvaluation(
      api,
      halls.filter((h) => made[h.scenario.hall.id] !== undefined),
    );
  return made;
}

/** Each hall's evaluation, asked for as a manager does (run by the cloud's jobs). */
export async function demoSkillEvaluation(api: DemoApi, halls: readonly DemoSkillsHall[]) {
  for (const h of halls) await api.call('skillLevels.evaluate', { hallId: h.scenario.hall.id });
}
