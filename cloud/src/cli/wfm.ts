/**
 * `npm run wfm -- <command>`: the workforce engine from the command line, JSON in and out (one object on
 * stdout; errors on stderr naming the field, exit code 2).
 *
 *   erlang    --arrivals N --period S --aht S --target-sl X --target-time S [--patience S]
 *             [--max-occupancy X] [--shrinkage X] [--max-abandon X]
 *   staffing  --input FILE     {intervalMinutes, arrivals[], aht, targetTime, serviceLevel, patience?, …}
 *   forecast  --input FILE [--model M] [--days N]   {history: [{date, counts[], serviceSeconds?, served?}]}
 *   roster    --input FILE [--gap X] [--time-limit S | --nodes N]   a roster instance (see roster.types.ts);
 *             --nodes: a work limit (branch-and-bound nodes per solver run; default 500), so the
 *             answer is the same on any machine; --time-limit: the clock instead (seconds per week)
 *   roster-example --employees N --days D [--seed S]    a generated hall instance to start from
 *   analyse   --input FILE     {traffic: {intervalMinutes, arrivals[], aht, targetTime, patience?}, staffed[], target}
 *   simulate  --input FILE     {intervals: [{start, length, arrivals, agents}], aht, serviceCv?, patience?, targetTime, seed}
 *
 * FILE may be `-` for stdin.
 */
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import {
  analyseSchedule,
  DEFAULT_FORECAST_MODEL,
  FORECAST_LIMITS,
  FORECAST_MODELS,
  forecast,
  generateRoster,
  queueMetrics,
  requiredAgents,
  simulateDay,
  solveRoster,
  staffingRequirement,
} from '@hall/cloud/workforce';

class UsageError extends Error {}

/** parseArgs, its refusals (an unknown flag, a missing value) as usage errors. */
function parseFlags<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]} (npm run -s wfm -- help lists the flags)`);
  }
}

const share = z.number().min(0).max(1);
const positive = z.number().positive();
const targets = {
  serviceLevel: z.number().min(0).lt(1),
  maxOccupancy: share.optional(),
  maxAbandon: share.optional(),
  shrinkage: z.number().min(0).lt(1).optional(),
};
const traffic = z.object({
  intervalMinutes: positive,
  arrivals: z.array(z.number().min(0)).min(1),
  aht: z.union([positive, z.array(positive)]),
  targetTime: z.number().min(0),
  patience: positive.optional(),
});
const schemas = {
  staffing: traffic.extend(targets),
  forecast: z.object({
    history: z
      .array(
        z.object({
          date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
          counts: z.array(z.number().min(0)).max(FORECAST_LIMITS.intervals),
          serviceSeconds: z.array(z.number().min(0)).max(FORECAST_LIMITS.intervals).optional(),
          served: z.array(z.number().min(0)).max(FORECAST_LIMITS.intervals).optional(),
        }),
      )
      .min(1)
      .max(FORECAST_LIMITS.historyDays),
  }),
  analyse: z.object({ traffic, staffed: z.array(z.number().int().min(0)), target: z.object(targets) }),
  simulate: z.object({
    intervals: z
      .array(
        z.object({
          start: z.number().min(0),
          length: positive,
          arrivals: z.number().min(0),
          agents: z.number().int().min(0),
        }),
      )
      .min(1),
    aht: positive,
    serviceCv: positive.optional(),
    exponential: z.boolean().optional(),
    patience: positive.optional(),
    targetTime: z.number().min(0),
    seed: z.number().int(),
  }),
  roster: z.object({
    days: z.number().int().positive(),
    intervalsPerDay: z.number().int().positive(),
    intervalMinutes: positive,
    dayStartMinutes: z.number().min(0),
    weekendDays: z.array(z.number().int().min(0)),
    skills: z.array(z.string().min(1)).min(1),
    requirement: z.array(z.array(z.array(z.number().int().min(0)))),
    templates: z
      .array(
        z.object({
          id: z.string().min(1),
          start: z.number().int().min(0),
          length: z.number().int().positive(),
          breaks: z.array(z.number().int().min(0)).optional(),
          unpopular: z.boolean().optional(),
        }),
      )
      .min(1),
    employees: z.array(
      z.object({
        id: z.string().min(1),
        name: z.string().optional(),
        skills: z.array(z.string()).min(1),
        minHours: z.number().min(0),
        maxHours: z.number().min(0),
        maxDays: z.number().int().min(0).max(7),
        minRestHours: z.number().min(0),
        unavailable: z.array(z.number().int().min(0)).optional(),
        templates: z.array(z.string()).optional(),
        requests: z
          .object({
            daysOff: z.array(z.number().int()).optional(),
            desired: z.array(z.object({ day: z.number().int(), template: z.string() })).optional(),
            undesired: z.array(z.object({ day: z.number().int().optional(), template: z.string() })).optional(),
          })
          .optional(),
      }),
    ),
    weights: z.record(z.string(), z.number().min(0)).optional(),
  }),
};

function input<T>(schema: z.ZodType<T>, file: string | undefined): T {
  if (!file) throw new UsageError('--input: name a JSON file (or - for stdin)');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8'));
  } catch (err) {
    throw new UsageError(`--input: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('\n'));
  return parsed.data;
}

function number(
  values: Record<string, string | boolean | undefined>,
  name: string,
  required = true,
): number | undefined {
  const v = values[name];
  if (v === undefined) {
    if (required) throw new UsageError(`--${name}: required`);
    return undefined;
  }
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isFinite(n))
    throw new UsageError(`--${name}: must be a number, got ${String(v)}`);
  return n;
}

/** The commands and their flags: this file's header. */
const USAGE = `usage: npm run -s wfm -- <command> [flags]   (-s keeps npm's banner out of the JSON)

  erlang    --arrivals N --period S --aht S --target-sl X --target-time S [--patience S]
            [--max-occupancy X] [--shrinkage X] [--max-abandon X]
  staffing  --input FILE     {intervalMinutes, arrivals[], aht, targetTime, serviceLevel, patience?, …}
  forecast  --input FILE [--model M] [--days N]   {history: [{date, counts[], serviceSeconds?, served?}]}
  roster    --input FILE [--gap X] [--time-limit S | --nodes N]   a roster instance (see roster.types.ts);
            --nodes: a work limit (branch-and-bound nodes per solver run; default 500): the same answer
            on any machine; --time-limit: the clock instead (seconds per week)
  roster-example --employees N --days D [--seed S]    a generated hall instance to start from
  analyse   --input FILE     {traffic: {intervalMinutes, arrivals[], aht, targetTime, patience?}, staffed[], target}
  simulate  --input FILE     {intervals: [{start, length, arrivals, agents}], aht, serviceCv?, patience?, targetTime, seed}

FILE may be \`-\` for stdin. One JSON object on stdout; errors on stderr, exit code 2.`;

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (!command || command === 'help' || command === '--help' || command === '-h' || rest.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { values } = parseFlags({
    args: rest,
    options: Object.fromEntries(
      [
        'arrivals',
        'period',
        'aht',
        'target-sl',
        'target-time',
        'patience',
        'max-occupancy',
        'shrinkage',
        'max-abandon',
        'input',
        'model',
        'days',
        'gap',
        'time-limit',
        'nodes',
        'employees',
        'seed',
      ].map((o) => [o, { type: 'string' as const }]),
    ),
  });
  const out = (x: unknown) => process.stdout.write(`${JSON.stringify(x)}\n`);
  switch (command) {
    case 'erlang': {
      const q = {
        arrivals: number(values, 'arrivals') as number,
        period: number(values, 'period') as number,
        aht: number(values, 'aht') as number,
        targetTime: number(values, 'target-time') as number,
      };
      if (!(q.period > 0)) throw new UsageError('--period: must be above 0');
      if (!(q.aht > 0)) throw new UsageError('--aht: must be above 0');
      if (!(q.arrivals >= 0)) throw new UsageError('--arrivals: must be 0 or more');
      const patience = number(values, 'patience', false);
      if (patience !== undefined && !(patience > 0)) throw new UsageError('--patience: must be above 0');
      const target = {
        serviceLevel: number(values, 'target-sl') as number,
        ...optional('maxOccupancy', number(values, 'max-occupancy', false)),
        ...optional('shrinkage', number(values, 'shrinkage', false)),
        ...optional('maxAbandon', number(values, 'max-abandon', false)),
      };
      const r = requiredAgents({ ...q, ...(patience === undefined ? {} : { patience }) }, target);
      const m = queueMetrics(r.agents, { ...q, ...(patience === undefined ? {} : { patience }) });
      out({
        model: patience === undefined ? 'erlang-c' : 'erlang-a',
        agents: r.agents,
        ...(target.shrinkage === undefined ? {} : { staff: r.staff }),
        serviceLevel: m.serviceLevel,
        pWait: m.pWait,
        asa: m.asa,
        occupancy: m.occupancy,
        ...(patience === undefined ? {} : { pAbandon: m.pAbandon }),
      });
      return;
    }
    case 'staffing': {
      const i = input(schemas.staffing, values.input);
      const { serviceLevel, maxOccupancy, maxAbandon, shrinkage, ...t } = i;
      const intervals = staffingRequirement(t as Parameters<typeof staffingRequirement>[0], {
        serviceLevel,
        ...optional('maxOccupancy', maxOccupancy),
        ...optional('maxAbandon', maxAbandon),
        ...optional('shrinkage', shrinkage),
      });
      out({ intervals, staffHours: (intervals.reduce((s, r) => s + r.staff, 0) * i.intervalMinutes) / 60 });
      return;
    }
    case 'forecast': {
      const i = input(schemas.forecast, values.input);
      const model = (values.model ?? DEFAULT_FORECAST_MODEL) as (typeof FORECAST_MODELS)[number];
      if (!FORECAST_MODELS.includes(model)) throw new UsageError(`--model: one of ${FORECAST_MODELS.join(', ')}`);
      const days = number(values, 'days', false) ?? 7;
      if (!(days >= 1 && days <= 14)) throw new UsageError('--days: 1 to 14');
      const last = [...i.history].sort((a, b) => a.date.localeCompare(b.date)).at(-1)?.date as string;
      const dates = Array.from({ length: days }, (_, k) =>
        new Date(Date.parse(`${last}T00:00:00Z`) + (k + 1) * 86_400_000).toISOString().slice(0, 10),
      );
      out({ model, forecasts: forecast(i.history, dates, model) });
      return;
    }
    case 'roster': {
      const i = input(schemas.roster, values.input);
      const gap = number(values, 'gap', false);
      const timeLimit = number(values, 'time-limit', false);
      const nodes = number(values, 'nodes', false);
      if (nodes !== undefined && (!Number.isInteger(nodes) || nodes < 1))
        throw new UsageError('--nodes: a whole number of branch-and-bound nodes, 1 or more');
      if (nodes !== undefined && timeLimit !== undefined)
        throw new UsageError('--nodes and --time-limit: one or the other (a work limit or the clock)');
      out(
        await solveRoster(i, {
          ...optional('gap', gap),
          ...optional('timeLimit', timeLimit),
          ...optional('nodes', nodes),
          onProgress: progress,
        }),
      );
      return;
    }
    case 'roster-example': {
      out(
        generateRoster({
          employees: number(values, 'employees') as number,
          days: number(values, 'days') as number,
          seed: number(values, 'seed', false) ?? 1,
        }),
      );
      return;
    }
    case 'analyse': {
      const i = input(schemas.analyse, values.input);
      out(
        analyseSchedule(i.traffic as Parameters<typeof analyseSchedule>[0], i.staffed, {
          serviceLevel: i.target.serviceLevel,
          ...optional('maxOccupancy', i.target.maxOccupancy),
          ...optional('maxAbandon', i.target.maxAbandon),
          ...optional('shrinkage', i.target.shrinkage),
        }),
      );
      return;
    }
    case 'simulate': {
      const i = input(schemas.simulate, values.input);
      out(simulateDay(i as Parameters<typeof simulateDay>[0]));
      return;
    }
    default:
      throw new UsageError(
        `command: one of erlang, staffing, forecast, roster, roster-example, analyse, simulate (got ${command ?? 'none'})`,
      );
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Progress of a long solve on stderr (stdout carries only the answer). */
let lastProgress = 0;
function progress(p: { seconds: number; objective: number; bound: number; gap: number }) {
  if (p.seconds - lastProgress < 1 || !process.stderr.isTTY) return;
  lastProgress = p.seconds;
  process.stderr.write(
    `\r${p.seconds.toFixed(0)} s: cost ${Number.isFinite(p.objective) ? p.objective.toFixed(0) : '—'}, bound ${Number.isFinite(p.bound) ? p.bound.toFixed(0) : '—'}   `,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`wfm: ${(err as Error).message.split('\n').join(' ')}\n`);
  process.exit(err instanceof UsageError || err instanceof RangeError ? 2 : 1);
});
