import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { RefusalLog } from './refusal-log.ts';

/** A pino logger whose lines land in an array. */
function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino(
    { level: 'info' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { log, lines };
}

describe('refused logins in the log', () => {
  it('are one line a minute with counts by reason and source, not a line each (a flood of guesses is no flood of lines)', () => {
    const { log, lines } = capture();
    let now = 1_000_000;
    const refusals = new RefusalLog({ log, message: 'MQTT logins refused', now: () => now });
    // The first refusal after a quiet spell is said at once (an installer typing a wrong secret sees it).
    refusals.note('bad_credentials', '10.0.0.7');
    expect(lines).toHaveLength(1);
    // 3,000 guesses from 40 addresses within the minute: nothing more yet.
    for (let i = 0; i < 3_000; i++) refusals.note(i % 3 ? 'bad_credentials' : 'busy', `10.0.1.${i % 40}`);
    expect(lines).toHaveLength(1);
    now += 60_000;
    refusals.flush();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({
      msg: 'MQTT logins refused',
      total: 3_000,
      reasons: { bad_credentials: 2_000, busy: 1_000 },
      otherSources: 30,
    });
    expect(Object.keys(lines[1]?.sources as object)).toHaveLength(10);
    refusals.stop();
  });
});
