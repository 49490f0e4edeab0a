/**
 * The historian against a real InfluxDB 1.x (Debian's, a private instance): after a simulated hour the
 * points in InfluxDB match the hub's journal, event for event, and stopping InfluxDB for five minutes in
 * the middle of it loses nothing (the points wait in the SQLite spool).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dashboards } from '@hall/grafana';
import { startInflux, type InfluxService } from '@hall/scripts/harness';
import { HallSim, VirtualScheduler, zonedEpoch } from '@hall/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyMorning, MORNING_DATE } from './support/busy-morning.ts';
import { hubConfigFor } from './support/scenario-config.ts';
import { startTestHub } from './support/test-hub.ts';

const dir = mkdtempSync(join(tmpdir(), 'hall-historian-'));
let influx: InfluxService;
beforeAll(async () => {
  influx = await startInflux(dir);
}, 60_000);
afterAll(async () => {
  await influx?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function influxQuery(q: string): Promise<Array<{ tags?: Record<string, string>; values: unknown[][] }>> {
  const params = new URLSearchParams({ db: influx.database, q, u: influx.user, p: influx.password });
  const res = await fetch(`${influx.url}/query?${params}`);
  const body = (await res.json()) as {
    results: Array<{ series?: Array<{ tags?: Record<string, string>; values: unknown[][] }>; error?: string }>;
  };
  if (body.results[0]?.error) throw new Error(body.results[0].error);
  return body.results[0]?.series ?? [];
}

describe('historian', () => {
  it('writes a point per event and loses nothing while InfluxDB is down for five minutes', async () => {
    const { hall, env } = hubConfigFor(busyMorning);
    // Tight wait thresholds, so that the hour also has alarms to chart.
    hall.alerts.raiseAfterSec = 0;
    hall.alerts.longWait = { warningMinutes: 2, criticalMinutes: 20, perService: {} };
    const tz = busyMorning.hall.timeZone;
    const scheduler = new VirtualScheduler(zonedEpoch(MORNING_DATE, '08:40', tz), { ioRounds: 6 });
    const t = await startTestHub({
      hall,
      clock: () => scheduler.now(),
      env: {
        HUB_INFLUX_URL: influx.url,
        HUB_INFLUX_DB: influx.database,
        HUB_INFLUX_USER: influx.user,
        HUB_INFLUX_PASSWORD: influx.password,
        HUB_INFLUX_FLUSH_MS: '1000',
      },
    });
    const sim = new HallSim({
      scenario: busyMorning,
      date: MORNING_DATE,
      hubUrl: t.url,
      scheduler,
      deviceClock: scheduler,
      env,
    });
    const historian = t.hub.historian;
    if (!historian) throw new Error('no historian');
    try {
      await sim.start();
      // 09:30-09:35: InfluxDB is down. The task holds the virtual clock while the outage is real.
      scheduler.at(zonedEpoch(MORNING_DATE, '09:30', tz), async () => {
        await influx.stop();
        await new Promise((r) => setTimeout(r, 2_500));
      });
      scheduler.at(zonedEpoch(MORNING_DATE, '09:35', tz), async () => {
        await new Promise((r) => setTimeout(r, 1_500));
        await influx.start();
      });
      await scheduler.run(zonedEpoch(MORNING_DATE, '10:00', tz));
      await sim.stop();
      await new Promise((r) => setTimeout(r, 300));
      await historian.flush();
      await historian.flush();
      expect(historian.stats.spooled).toBeGreaterThan(0);
      expect(historian.stats.unspooled).toBe(historian.stats.spooled);
      expect(t.hub.store.spoolSize()).toBe(0);
      expect(historian.stats.refused).toBe(0);

      // The journal, counted by event type…
      const journal = t.hub.store.db
        .prepare("SELECT type, COUNT(*) AS n FROM events WHERE type LIKE 'ticket.%' GROUP BY type")
        .all() as Array<{ type: string; n: number }>;
      const expected: Record<string, number> = {};
      for (const row of journal) {
        const event = {
          'ticket.issued': 'issued',
          'ticket.called': 'called',
          'ticket.finished': 'finished',
          'ticket.noshow': 'noshow',
          'ticket.cancelled': 'cancelled',
        }[row.type];
        if (event) expected[event] = row.n;
      }
      expect(expected.issued).toBeGreaterThan(50);
      // …equals the points in InfluxDB.
      const series = await influxQuery(
        `SELECT count("count") FROM "ticket" WHERE "hall" = '${busyMorning.hall.id}' GROUP BY "event"`,
      );
      const counted = Object.fromEntries(series.map((s) => [s.tags?.event, s.values[0]?.[1]]));
      expect(counted).toEqual(expected);
      const ratings = t.hub.store.db
        .prepare("SELECT COUNT(*) AS n FROM events WHERE type = 'rating.received'")
        .get() as { n: number };
      const ratingPoints = await influxQuery(`SELECT count("score") FROM "rating"`);
      expect(ratingPoints[0]?.values[0]?.[1] ?? 0).toBe(ratings.n);
      const people = t.hub.store.db
        .prepare(
          "SELECT COALESCE(SUM(json_extract(body, '$.in')), 0) AS n FROM events WHERE type = 'occupancy.counted'",
        )
        .get() as { n: number };
      const peoplePoints = await influxQuery(`SELECT sum("in") FROM "people"`);
      expect(peoplePoints[0]?.values[0]?.[1] ?? 0).toBe(people.n);
      // Gauges were sampled along the way, with low-cardinality tags only.
      const queue = await influxQuery(`SELECT count("waiting") FROM "queue" GROUP BY "service"`);
      expect(queue.map((s) => s.tags?.service).sort()).toEqual(busyMorning.services.map((s) => s.id).sort());
      const tagKeys = await influxQuery('SHOW TAG KEYS');
      const keys = new Set(tagKeys.flatMap((s) => s.values.map((v) => v[0] as string)));
      expect(
        [...keys].every((k) =>
          [
            'hall',
            'service',
            'counter',
            'device',
            'device_kind',
            'event',
            'priority',
            'rule',
            'severity',
            'state',
          ].includes(k),
        ),
      ).toBe(true);

      // Every Grafana dashboard query returns rows for this hour (as Grafana would send it).
      const from = zonedEpoch(MORNING_DATE, '08:40', tz);
      const to = zonedEpoch(MORNING_DATE, '10:01', tz);
      const halls = await influxQuery('SHOW TAG VALUES FROM "hall" WITH KEY = "hall"');
      expect(halls[0]?.values.map((v) => v[1])).toContain(busyMorning.hall.id);
      for (const [name, build] of Object.entries(dashboards)) {
        for (const p of build().panels ?? []) {
          for (const target of (p as { targets?: Array<{ query: string }> }).targets ?? []) {
            const q = target.query
              .replaceAll('$timeFilter', `time >= ${from}ms AND time <= ${to}ms`)
              .replaceAll('$__interval', '1m')
              .replaceAll('$hall', busyMorning.hall.id);
            const rows = (await influxQuery(q))
              .flatMap((s) => s.values)
              .filter((v) => v.slice(1).some((x) => x !== null));
            expect(rows.length, `${name} / ${(p as { title: string }).title}: ${q}`).toBeGreaterThan(0);
          }
        }
      }
    } finally {
      await sim.stop();
      await t.stop();
    }
  }, 180_000);
});
