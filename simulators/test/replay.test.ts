/**
 * Replay of 1999-02-10 from the bank's call log, in virtual time, on the wire (bare broker, stand-in
 * hub, mosquitto_sub as observer): exactly one ticket request per non-phantom call of that day, and as
 * many services and abandonments as the file records.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualScheduler } from '../src/clock/scheduler.ts';
import { zonedEpoch } from '../src/hall/calendar.ts';
import { BankReplay } from '../src/replay/bank.replay.ts';
import { observe, startBareBroker, type BareBroker } from './support/broker.ts';
import { startFakeHub } from './support/fake-hub.ts';

const FILE = resolve(import.meta.dirname, '../../../shared/data/anonymous-bank-1999-02.tsv');
const HALL = 'BANK-IL-01';
let broker: BareBroker;

beforeAll(async () => {
  broker = await startBareBroker();
});
afterAll(async () => {
  await broker.close();
});

/** The day's outcomes counted straight from the file, independently of the replay's parser. */
function countsInFile(yymmdd: string) {
  const rows = readFileSync(FILE, 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split('\t'));
  const day = rows.filter((r) => r[5] === yymmdd);
  const by = (o: string) => day.filter((r) => r[12] === o).length;
  return {
    calls: day.length - by('PHANTOM'),
    served: by('AGENT'),
    hangs: by('HANG'),
    vruExits: day.filter((r) => r[12] !== 'PHANTOM').map((r) => r[7] as string),
  };
}

describe('replay of the bank log, 1999-02-10', () => {
  it('issues one ticket request per non-phantom call, and serves and abandons what the file says', async () => {
    const expected = countsInFile('990210');
    expect(expected).toMatchObject({ calls: 1673, served: 1335, hangs: 338 });

    const hub = await startFakeHub(broker.url, HALL, {
      prefixes: { ps: 'A', pe: 'B', in: 'C', ne: 'D', nw: 'E', tt: 'F' },
    });
    const observer = await observe(broker.port, `hall/${HALL}/dev/+/evt/#`);
    const scheduler = new VirtualScheduler(zonedEpoch('2026-11-25', '00:00', 'Asia/Jerusalem'), { ioRounds: 2 });
    const replay = new BankReplay({
      file: FILE,
      day: '1999-02-10',
      asDate: '2026-11-25',
      hallId: HALL,
      hubUrl: broker.url,
      scheduler,
      deviceClock: scheduler,
    });
    try {
      await replay.start();
      await scheduler.run(replay.at(26 * 3_600));
      const count = (type: string) => observer.messages.filter((m) => m.topic.endsWith(`/evt/${type}`)).length;
      await observer.waitFor(
        () => count('ticket.request') === expected.calls && count('ticket.finish') === expected.served,
        10_000,
      );

      expect(replay.stats).toMatchObject({
        requested: expected.calls,
        printed: expected.calls,
        served: expected.served,
        abandoned: expected.hangs,
        failedPresses: 0,
        noAnswer: 0,
      });
      expect(count('ticket.request')).toBe(expected.calls);
      expect(count('call.specific')).toBe(expected.served);
      expect(count('ticket.start')).toBe(expected.served);
      expect(count('ticket.finish')).toBe(expected.served);
      expect(count('ticket.cancel')).toBe(expected.hangs);

      // Requests go out at the recorded times of day, moved onto the replay date (Israel time).
      const requests = observer.messages
        .filter((m) => m.topic.endsWith('/evt/ticket.request'))
        .map((m) => (JSON.parse(m.payload) as { ts: number }).ts);
      const local = (ts: number) =>
        new Intl.DateTimeFormat('en-GB', {
          timeZone: 'Asia/Jerusalem',
          hour: 'numeric',
          minute: '2-digit',
          second: '2-digit',
          hourCycle: 'h23',
        })
          .format(ts)
          .replace(/^0(\d)/, '$1');
      expect(requests.map(local).sort()).toEqual([...expected.vruExits].map((t) => t.replace(/^(\d):/, '$1:')).sort());
    } finally {
      await replay.stop();
      await observer.stop();
      await hub.close();
    }
  }, 300_000);
});
