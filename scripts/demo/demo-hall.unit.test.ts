/**
 * The demo hall's visitor counter (npm start prints it): a counter of the hall that no simulated clerk
 * works at, and a clerk the visitor signs in as whose PIN the hub accepts, kept across starts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseHallConfig } from '@hall/edge';
import { verifySecret } from '@hall/devices/secrets';
import { loadScenario } from '@hall/simulators';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { demoHall } from './demo-hall.ts';

const dir = mkdtempSync(join(tmpdir(), 'hall-demo-visitor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the demo hall', () => {
  // A watchdog, not a speed goal: the hall's secrets are hashed with scrypt twice (seconds on a busy machine).
  it(
    'has a counter left to the visitor, with a clerk whose printed PIN the hub accepts, the same at the next start',
    { timeout: 120_000 },
    async () => {
      const scenario = loadScenario(resolve(import.meta.dirname, '../../simulators/scenarios/busy-saturday.yaml'));
      const first = demoHall(scenario, dir, { regenerate: true });
      const visitor = first.credentials.visitor;
      expect(visitor).toBeDefined();
      const { counterId, staffId, pin } = visitor as NonNullable<typeof visitor>;
      const hall = parseHallConfig(parse(readFileSync(first.configFile, 'utf8')), 'demo hall');
      expect(hall.counters.map((c) => c.id)).toContain(counterId);
      // No simulated clerk works at it or is its clerk, and no call button belongs to it.
      expect(scenario.staff.filter((s) => s.counterId === counterId || s.id === staffId)).toEqual([]);
      expect(scenario.devices.counters.map((c) => c.counterId)).not.toContain(counterId);
      const clerk = hall.staff.find((s) => s.id === staffId);
      expect(await verifySecret(pin, clerk?.pinHash ?? null)).toBe(true);
      // It serves every service of the hall.
      expect(Object.keys(hall.counters.find((c) => c.id === counterId)?.services ?? {}).sort()).toEqual(
        scenario.services.map((s) => s.id).sort(),
      );
      expect(demoHall(scenario, dir, { regenerate: true }).credentials.visitor).toEqual(visitor);
    },
  );
});
