/**
 * Staffs the shipped scenarios with the workforce engine: for each, the requirement per half hour from
 * its traffic (Erlang A), then a weekly roster of its clerks solved with HiGHS, written into the
 * scenario's `roster` (comments and the rest of the file kept). Run at development time when a scenario's
 * traffic or staff change (`npm run -s demo:staff`); `hall-staffing.unit.test.ts` re-derives the
 * requirement and checks the roster each scenario carries.
 *
 *   tsx scripts/demo/staff-scenarios.ts [scenario …] [--dry-run]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { solveRoster } from '@hall/cloud/workforce';
import { scenarioSchema } from '@hall/simulators';
import { format, resolveConfig } from 'prettier';
import { parse, parseDocument } from 'yaml';
import { checkRoster, DAYS, instance, rosterOf } from './hall-staffing.ts';

const { values, positionals } = parseArgs({
  options: { 'dry-run': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  allowPositionals: true,
});
if (values.help) {
  process.stdout.write('usage: npm run -s demo:staff -- [scenario …] [--dry-run]\n');
  process.exit(0);
}
const dir = resolve(import.meta.dirname, '../../simulators/scenarios');
const names = positionals.length ? positionals : ['quiet-weekday', 'busy-saturday'];

for (const name of names) {
  const file = join(dir, `${name}.yaml`);
  // A scenario being staffed for the first time has no roster yet: validated with an empty one.
  const parsed = scenarioSchema.safeParse({ roster: {}, ...(parse(readFileSync(file, 'utf8')) as object) });
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.message}`);
  const scenario = parsed.data;
  const fullTime = scenario.staff.filter((s) => s.contract !== 'part-time').map((s) => s.id);
  const inst = instance(scenario, fullTime);
  const needed = inst.requirement.map((day) => (day.flat().reduce((a, b) => a + b, 0) * inst.intervalMinutes) / 60);
  process.stdout.write(
    `${name}: staff-hours needed per day ${needed.map((h, d) => `${DAYS[d]} ${h}`).join(', ')}; week ${needed.reduce((a, b) => a + b, 0)} h for ${scenario.staff.length} clerks (${fullTime.length} full-time)\n`,
  );
  const result = await solveRoster(inst, { timeLimit: 120, gap: 0.01 });
  process.stdout.write(
    `  roster: ${result.method}, ${result.seconds.toFixed(1)} s, gap ${(result.gap * 100).toFixed(1)}%, short ${result.shortfallHours} h, over ${result.excessHours} h\n`,
  );
  const roster = rosterOf(scenario, inst, result.assignments);
  const judged = checkRoster({ ...scenario, roster });
  for (const d of judged)
    process.stdout.write(
      `  ${d.day}: ${d.arrivals.toFixed(0)} customers, ${d.staffHours} staff-hours, expected ${(d.serviceLevel * 100).toFixed(0)}% within target, ${(d.pAbandon * 100).toFixed(1)}% give up${d.uncovered.length ? `; nobody for ${d.uncovered.join(', ')}` : ''}\n`,
    );
  if (values['dry-run']) continue;
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.set('roster', doc.createNode(roster, { flow: false }));
  // As the repository formats YAML (npm test checks it).
  writeFileSync(
    file,
    await format(doc.toString({ lineWidth: 120 }), { ...(await resolveConfig(file)), filepath: file }),
  );
  process.stdout.write(`  written to ${file}\n`);
}
