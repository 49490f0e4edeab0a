/**
 * The demo's worked rosters, for adherence and the roster review (排班合理性) from the first start: the
 * history weeks were played with each scenario's weekly roster (a hall played as one weekday works that
 * weekday's roster every day), so those weeks are stored as published rosters through the adherence
 * module's API (`adherence.importPublished`, one per calendar week, published the Thursday before), and
 * the review of the last complete week is asked for (a background job per hall).
 */
import { effectiveWeekday, minutes, shiftsOn, type Scenario } from '@hall/simulators';
import { addDays, mondayOf } from '@hall/devices/calendar';

interface DemoApi {
  call<T>(path: string, input: unknown): Promise<T>;
}

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** One scenario's shifts on a date, as the adherence module imports them. */
export function shiftsForDate(scenario: Scenario, date: string) {
  return shiftsOn(scenario, effectiveWeekday(scenario, date)).map((s) => {
    // The service the clerk is planned at: their main skill.
    const main = Object.entries(s.staff.skills).sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
    return {
      staffId: s.staff.id,
      date,
      start: s.start,
      end: s.end,
      breaks: s.breaks.map((b) => ({ start: b.start, end: hhmm(minutes(b.start) + b.minutes) })),
      serviceId: main,
    };
  });
}

/** The history weeks' rosters as published, and the last complete week's review queued; per hall. */
export async function reviewDemo(
  api: DemoApi,
  scenarios: readonly Scenario[],
  o: { today: string; historyDays: number },
): Promise<void> {
  const first = addDays(o.today, -o.historyDays);
  const last = addDays(o.today, -1);
  for (const scenario of scenarios) {
    const hallId = scenario.hall.id;
    try {
      // Complete weeks only: the current week's roster is the engine's (scripts/demo/roster-demo.ts,
      // generated from the forecast and published at the first start); an import of its first days would
      // supersede it. On a first start after Monday, this week's earlier days were played with the
      // scenario's roster and are judged against the engine's (adherence shows the difference).
      for (let week = mondayOf(first); week < mondayOf(o.today); week = addDays(week, 7)) {
        const dates = Array.from({ length: 7 }, (_, i) => addDays(week, i)).filter((d) => d >= first && d <= last);
        await api.call('adherence.importPublished', {
          hallId,
          fromDate: week,
          days: 7,
          // The Thursday before, 18:00 in the demo halls' zone (UTC+8).
          publishedAt: `${addDays(week, -4)}T10:00:00Z`,
          shifts: dates.flatMap((d) => shiftsForDate(scenario, d)),
        });
      }
      const lastFull = addDays(mondayOf(o.today), -7);
      if (lastFull >= first) await api.call('adherence.startReview', { hallId, week: lastFull });
    } catch (err) {
      // Before the hall's employees exist (the staff module makes them from the hall config) nothing
      // can be imported: the demo goes on without this hall's worked rosters.
      console.warn(`  roster history of ${scenario.hall.name} not stored: ${(err as Error).message}`);
    }
  }
}
