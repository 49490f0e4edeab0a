/**
 * Secret checks under attack, from outside (issue #14, defect 3): guessers at the hub's MQTT port and at
 * its counter sign-in, from many addresses at once, are refused before any hash is computed once they
 * are over their source's allowance or the hub's budget; an unknown identity costs the same hash as a
 * known one; the devices and clerks who know their secrets still get in.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credential, startTestHub, type TestHub } from './support/test-hub.ts';
import { mqttLogin } from './support/raw-mqtt.ts';

let t: TestHub;
beforeAll(async () => {
  // A production-like budget (the default is 4 a second): 8 checks a second, one at a time, 64 waiting.
  t = await startTestHub({ env: { HUB_AUTH_PER_SECOND: '8', HUB_AUTH_MAX_PENDING: '1', HUB_AUTH_MAX_QUEUED: '64' } });
});
afterAll(async () => {
  await t?.stop();
});

/** counter.signIn over HTTP from a given local address: the HTTP status. */
function signIn(localAddress: string, staffId: string, pin: string, counterId = 'C01'): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ counterId, staffId, pin });
    const req = request(
      {
        host: '127.0.0.1',
        port: t.hub.ports.http,
        localAddress,
        method: 'POST',
        path: '/trpc/counter.signIn',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('secret checks under a flood', () => {
  it('slows a PIN guesser down by its address before computing anything, and lets the clerk in', async () => {
    const hashed = t.hub.pins.stats.hashed;
    const staff = ['E1001', 'E1002', 'E9001', 'E9002', 'E9003'];
    // Guesses one after the other from one address, spread over both counters and five staff ids (so
    // that neither a counter nor a staff id runs out of attempts first): the address's allowance of 10
    // wrong attempts and the one that starts its backoff, then refusals without a hash.
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push(
        await signIn('127.0.0.23', staff[i % staff.length] as string, String(100_000 + i), i % 2 ? 'C02' : 'C01'),
      );
    expect(statuses).toEqual([...Array<number>(11).fill(401), 429]);
    expect(t.hub.pins.stats.hashed - hashed).toBe(11);
    // The clerk, from another address, signs in (the guesser's attempts did not lock E1001 or C01 out).
    expect(await signIn('127.0.0.1', 'E1001', credential('pin:E1001').secret)).toBe(200);
  });

  it('refuses a flood of wrong MQTT logins from 32 addresses beyond its budget without hashing them, and a device still gets in', async () => {
    const hashed = t.hub.gate.stats.hashed;
    const ids = ['kiosk-1', 'kiosk-2', 'ctr-c02', 'door-1', 'ghost-1', 'ghost-2'];
    // 128 at once: one is checked, 64 wait their turn (8 a second), the rest are refused as busy.
    const codes = await Promise.all(
      Array.from({ length: 32 * 4 }, (_, i) => {
        const id = ids[i % ids.length] as string;
        return mqttLogin({
          port: t.hub.ports.mqtt,
          localAddress: `127.0.1.${1 + (i % 32)}`,
          clientId: id,
          username: id,
          password: `guess-${i}`,
        });
      }),
    );
    expect(codes.every((c) => c === 3 || c === 4)).toBe(true);
    // The hub answered "server unavailable" to what it had no budget or queue for, and hashed only what it
    // answered 4 (waiting checks whose address ran out of attempts meanwhile were not hashed either).
    // (How many exactly depends on how fast the 128 connections arrive: the budget is per second.)
    expect(codes.filter((c) => c === 3).length).toBeGreaterThan(0);
    expect(t.hub.gate.stats.hashed - hashed).toBe(codes.filter((c) => c === 4).length);
    // A device with its secret is let in (after "busy" while the flood's second lasts, as firmware retries).
    let code = 3;
    const deadline = Date.now() + 30_000;
    while (code === 3 && Date.now() < deadline) {
      code = await mqttLogin({
        port: t.hub.ports.mqtt,
        clientId: 'kiosk-1',
        username: 'kiosk-1',
        password: t.secrets['kiosk-1'] as string,
      });
      if (code === 3) await new Promise((r) => setTimeout(r, 100));
    }
    expect(code).toBe(0);
  });

  it('hashes for an unknown device, a client id that does not fit and an unknown staff id, as for a known one', async () => {
    const cost = async (attempt: () => Promise<unknown>) => {
      const before = t.hub.gate.stats.hashed;
      await attempt();
      return t.hub.gate.stats.hashed - before;
    };
    const login = (clientId: string, username: string) =>
      mqttLogin({ port: t.hub.ports.mqtt, localAddress: '127.0.2.1', clientId, username, password: 'not-the-secret' });
    expect(await cost(() => login('kiosk-2', 'kiosk-2'))).toBe(1);
    expect(await cost(() => login('nobody-7', 'nobody-7'))).toBe(1);
    expect(await cost(() => login('kiosk-1', 'kiosk-2'))).toBe(1);
    const pinCost = async (attempt: () => Promise<unknown>) => {
      const before = t.hub.pins.stats.hashed;
      await attempt();
      return t.hub.pins.stats.hashed - before;
    };
    expect(await pinCost(() => signIn('127.0.2.2', 'E1002', '999999', 'C02'))).toBe(1);
    expect(await pinCost(() => signIn('127.0.2.3', 'E4242', '999999', 'C02'))).toBe(1);
  });
});
