import { describe, expect, it } from 'vitest';
import { hashSecret, hashSecretSync, isSecretHash, SecretGate, verifySecret } from './secrets.ts';

describe('secret format', () => {
  it('verifies what it hashed, refuses anything else, and refuses foreign cost parameters', async () => {
    const stored = await hashSecret('s3cret-pin');
    expect(isSecretHash(stored)).toBe(true);
    expect(await verifySecret('s3cret-pin', stored)).toBe(true);
    expect(await verifySecret('s3cret-pio', stored)).toBe(false);
    expect(await verifySecret('s3cret-pin', null)).toBe(false);
    expect(await verifySecret('s3cret-pin', stored.replace('$16384$', '$1048576$'))).toBe(false);
    expect(await verifySecret('x', hashSecretSync('x'))).toBe(true);
  });
});

describe('SecretGate', () => {
  it('backs off an identity after its free attempts, before hashing, and a success clears it', async () => {
    let now = 1_000_000;
    const gate = new SecretGate({ now: () => now, limits: { identityFree: 3, sourceFree: 100, backoffMs: 1_000 } });
    const stored = hashSecretSync('right');
    for (let i = 0; i < 3; i += 1)
      expect((await gate.check({ identity: 'staff:s1', source: 'a', secret: 'bad', stored })).result).toBe('wrong');
    expect((await gate.check({ identity: 'staff:s1', source: 'a', secret: 'bad', stored })).result).toBe('wrong');
    const hashed = gate.stats.hashed;
    // Now in backoff: even the right secret is refused, and nothing is computed.
    expect(await gate.check({ identity: 'staff:s1', source: 'b', secret: 'right', stored })).toEqual({
      result: 'limited',
      retryAfterMs: 1_000,
    });
    expect(gate.stats.hashed).toBe(hashed);
    now += 1_000;
    expect((await gate.check({ identity: 'staff:s1', source: 'b', secret: 'right', stored })).result).toBe('ok');
    expect(gate.failures('staff:s1')).toBe(0);
  });

  it("does not lock out a generated secret's identity: only its sources are limited", async () => {
    const gate = new SecretGate({ limits: { identityFree: 2, sourceFree: 2 } });
    const stored = hashSecretSync('a-long-generated-device-secret');
    for (const source of ['10.0.0.2', '10.0.0.3', '10.0.0.4']) {
      for (let i = 0; i < 3; i += 1)
        expect(
          (await gate.check({ identity: 'device:k1', source, secret: 'guess', stored, generated: true })).result,
        ).toBe('wrong');
      expect(
        (await gate.check({ identity: 'device:k1', source, secret: 'guess', stored, generated: true })).result,
      ).toBe('limited');
    }
    expect(
      (
        await gate.check({
          identity: 'device:k1',
          source: '10.0.0.9',
          secret: 'a-long-generated-device-secret',
          stored,
          generated: true,
        })
      ).result,
    ).toBe('ok');
  });

  it('limits a source across identities, unknown ones included', async () => {
    const gate = new SecretGate({ limits: { identityFree: 100, sourceFree: 2 } });
    expect((await gate.check({ identity: 'device:x1', source: '10.0.0.9', secret: 'a', stored: null })).result).toBe(
      'wrong',
    );
    expect((await gate.check({ identity: 'device:x2', source: '10.0.0.9', secret: 'a', stored: null })).result).toBe(
      'wrong',
    );
    expect((await gate.check({ identity: 'device:x3', source: '10.0.0.9', secret: 'a', stored: null })).result).toBe(
      'wrong',
    );
    expect((await gate.check({ identity: 'device:x4', source: '10.0.0.9', secret: 'a', stored: null })).result).toBe(
      'limited',
    );
    // Another source is not affected.
    expect((await gate.check({ identity: 'device:x4', source: '10.0.0.7', secret: 'a', stored: null })).result).toBe(
      'wrong',
    );
  });

  it('refuses beyond its budget without computing, and remembers a secret that passed', async () => {
    const gate = new SecretGate({ limits: { maxPending: 2, identityFree: 100, sourceFree: 100 } });
    const stored = hashSecretSync('right');
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        gate.check({ identity: `device:d${i}`, source: null, secret: 'wrong', stored }),
      ),
    );
    expect(answers.filter((a) => a.result === 'busy')).toHaveLength(4);
    expect(gate.stats.hashed).toBe(2);
    expect((await gate.check({ identity: 'device:ok', source: null, secret: 'right', stored })).result).toBe('ok');
    const hashed = gate.stats.hashed;
    expect((await gate.check({ identity: 'device:ok', source: null, secret: 'right', stored })).result).toBe('ok');
    expect(gate.stats.hashed).toBe(hashed);
  });

  it('lets a burst wait its turn in a bounded queue instead of refusing it', async () => {
    const gate = new SecretGate({ limits: { maxPending: 1, maxQueued: 3, identityFree: 100, sourceFree: 100 } });
    const stored = hashSecretSync('right');
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        gate.check({ identity: `device:d${i}`, source: null, secret: 'right', stored }),
      ),
    );
    expect(answers.map((a) => a.result).sort()).toEqual(['busy', 'busy', 'ok', 'ok', 'ok', 'ok']);
    expect(gate.stats.hashed).toBe(4);
  });

  it('computes a full hash for an unknown identity too (no timing oracle)', async () => {
    const gate = new SecretGate({ limits: { identityFree: 1_000, sourceFree: 1_000 } });
    expect((await gate.check({ identity: 'hub:nobody', source: null, secret: 'guess', stored: null })).result).toBe(
      'wrong',
    );
    expect(
      (await gate.check({ identity: 'hub:broken', source: null, secret: 'guess', stored: 'scrypt$1$1$1$x$y' })).result,
    ).toBe('wrong');
    expect(gate.stats.hashed).toBe(2);
  });
});

describe('SecretGate on a virtual clock', () => {
  it('refills its per-second budget in real time even when the backoff clock stands still', async () => {
    const frozen = () => 1_000_000;
    const gate = new SecretGate({
      now: frozen,
      budgetNow: Date.now,
      limits: { perSecond: 1, maxPending: 1, maxQueued: 4, identityFree: 100, sourceFree: 100 },
    });
    const stored = hashSecretSync('right');
    // Three checks at a budget of one a second: the queued ones get their turn as real seconds pass
    // (on the frozen clock alone they would wait for ever: the demo's history hub did, its devices timed out).
    const answers = await Promise.all(
      Array.from({ length: 3 }, (_, i) =>
        gate.check({ identity: `device:d${i}`, source: null, secret: 'right', stored, generated: true }),
      ),
    );
    expect(answers.map((a) => a.result)).toEqual(['ok', 'ok', 'ok']);
  }, 10_000);
});
