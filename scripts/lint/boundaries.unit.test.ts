/**
 * The dependency rules of DESIGN.md §2, proven on fixtures: each fixture is linted as if it were a file
 * at the given place in the repository, with the repository's own ESLint config.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });
const BOUNDARY_RULES = new Set(['@typescript-eslint/no-restricted-imports', 'import-x/no-relative-packages']);

async function restrictedImports(fixture: string, asFile: string): Promise<string[]> {
  const source = readFileSync(resolve(import.meta.dirname, 'fixtures', fixture), 'utf8');
  const [result] = await eslint.lintText(source, { filePath: resolve(root, asFile) });
  if (!result) throw new Error('no lint result');
  return result.messages.filter((m) => BOUNDARY_RULES.has(m.ruleId ?? '')).map((m) => m.message);
}

const violations: Array<[string, string, RegExp]> = [
  ['imports-cloud-value.ts', 'edge/src/features/sync/sync.feature.ts', /cloud\/ for types only/],
  ['imports-cloud-value.ts', 'edge/test/sync.test.ts', /cloud\/ for types only/],
  ['imports-edge-value.ts', 'cloud/src/modules/ingest/ingest.service.ts', /edge\/ for types only/],
  ['imports-edge-value.ts', 'simulators/src/hall/hall.model.ts', /over the wire/],
  ['imports-edge-types.ts', 'simulators/src/hall/hall.model.ts', /over the wire/],
  ['imports-edge-value.ts', 'console/src/hall/wall-screen.tsx', /router types/],
  ['imports-aedes.ts', 'edge/src/features/queue/queue.engine.ts', /adapters/],
  ['imports-drizzle.ts', 'cloud/src/modules/ingest/ingest.service.ts', /repositories/],
  ['imports-zod.ts', 'console/src/hall/rating-pad.tsx', /tiny/],
  ['imports-pino.ts', 'devices/src/ticket-terminal/x.ts', /zod only/],
  ['imports-edge-value.ts', 'devices/src/x.ts', /zod only/],
  ['imports-harness.ts', 'edge/src/main.ts', /tests only/],
  ['imports-simulators.ts', 'edge/src/features/queue/queue.feature.ts', /only its tests use the simulators/],
  ['imports-edge-relative.ts', 'cloud/src/modules/ingest/ingest.service.ts', /Relative import from another package/],
  ['imports-edge-relative.ts', 'simulators/src/hall/replay/replay.ts', /Relative import from another package/],
  ['imports-other-feature.ts', 'edge/src/features/hall-state/hall-state.ts', /does not import another feature/],
  ['imports-drizzle.ts', 'cloud/src/engines/workforce/forecast.ts', /pure library/],
  ['imports-pino.ts', 'cloud/src/engines/workforce/forecast.ts', /pure library/],
  ['imports-module-service.ts', 'cloud/src/engines/workforce/roster.ts', /pure library/],
  ['imports-db-client.ts', 'cloud/src/engines/workforce/roster.ts', /imports nothing from cloud\/src\/modules/],
];

const allowed: Array<[string, string]> = [
  ['imports-cloud-types.ts', 'edge/src/features/sync/sync.feature.ts'],
  ['imports-cloud-types.ts', 'console/src/routes/halls.tsx'],
  ['imports-edge-types.ts', 'cloud/src/modules/ingest/ingest.service.ts'],
  ['imports-edge-types.ts', 'console/src/hall/wall-screen.tsx'],
  ['imports-devices.ts', 'simulators/src/devices/ticket-terminal.sim.ts'],
  ['imports-devices.ts', 'edge/src/features/queue/queue.engine.ts'],
  ['imports-aedes.ts', 'edge/src/adapters/broker/broker.adapter.ts'],
  ['imports-drizzle.ts', 'cloud/src/modules/ingest/ingest.repository.ts'],
  ['imports-zod.ts', 'devices/src/ticket-terminal/x.ts'],
  ['imports-zod.ts', 'console/src/routes/login.tsx'],
  ['imports-harness.ts', 'edge/test/broker.test.ts'],
  ['imports-own-relative.ts', 'simulators/src/hall/hall.sim.ts'],
  ['imports-simulators.ts', 'edge/test/hall.test.ts'],
  ['imports-read-models.ts', 'edge/src/features/queue/queue.feature.ts'],
  ['imports-other-feature.ts', 'edge/src/hub.ts'],
  ['imports-engine-sibling.ts', 'cloud/src/engines/workforce/roster.ts'],
  ['imports-zod.ts', 'cloud/src/engines/workforce/forecast.ts'],
];

describe('lint enforces the dependency rules', () => {
  for (const [fixture, asFile, message] of violations) {
    it(`${fixture} is a violation in ${asFile}`, async () => {
      const found = await restrictedImports(fixture, asFile);
      expect(found.length).toBeGreaterThan(0);
      expect(found.join('\n')).toMatch(message);
    });
  }
  for (const [fixture, asFile] of allowed) {
    it(`${fixture} is allowed in ${asFile}`, async () => {
      expect(await restrictedImports(fixture, asFile)).toEqual([]);
    });
  }
});
