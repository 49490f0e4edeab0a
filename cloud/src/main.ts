/**
 * The cloud process: `npm run cloud`. Opens the database (PostgreSQL or PGlite), runs migrations, serves
 * the API. `npm run cloud -- add-hub --hall ID --name NAME --time-zone TZ --hub HUB_ID [--parent UNIT]`
 * registers a hall (in the org tree under UNIT, or HQ) and a hub and prints the hub's token once (with
 * `--config F`, also stores the hall's config, as put-config does: one start of the database, not two);
 * `add-admin --username U` (password in CLOUD_ADMIN_PASSWORD) creates an administrator over everything;
 * `put-config --hall ID --file F` stores a hall config document (YAML or JSON) for the hall's hub, checked
 * as the hub would check it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { pino } from 'pino';
import { openDatabase } from './db/client.ts';
import { cloudEnvSchema } from './env.ts';
import { addAdministrator, ensureHallUnit, ensureRegionUnit } from './modules/access/access.service.ts';
import { putHallConfig, registerHall, registerHub } from './modules/halls/halls.service.ts';
import { SsoService } from './modules/access/sso.service.ts';
import { defineBuiltinJobs } from './modules/jobs/builtin.jobs.ts';
import { Jobs } from './modules/jobs/jobs.service.ts';
import { defineTestJobs } from './modules/jobs/test-job.types.ts';
import { defineReviewJobs } from './modules/adherence/review.service.ts';
import { defineReportJobs, reportAttachment, scheduleDailyReports } from './modules/reports/reports.jobs.ts';
import { defineKpiReportJobs, kpiReportAttachment, scheduleKpiReports } from './modules/performance/report.jobs.ts';
import { defineRosterJobs, scheduleRosterWindows } from './modules/scheduling/rosters.jobs.ts';
import { defineForecastJobs, scheduleForecasts } from './modules/scheduling/forecast.jobs.ts';
import { backfillRollups, defineAnalyticsJobs } from './modules/analytics/analytics.jobs.ts';
import { reportForecast } from './modules/scheduling/forecast.service.ts';
import { importAllHalls } from './modules/staff/staff-config.ts';
import { writeRoleSections } from './modules/staff/staff.service.ts';
import { defineCycleJobs } from './modules/performance/cycles.jobs.ts';
import { defineStaffJobs } from './modules/staff/staff.jobs.ts';
import { defineOnsiteJobs } from './modules/performance/onsite.jobs.ts';
import { defineInventoryAlertJobs } from './modules/inventory/alerts.jobs.ts';
import { defineSkillJobs, scheduleSkillEvaluations } from './modules/performance/skills.jobs.ts';
import { definePerformanceJobs, scheduleDailyKpis } from './modules/performance/daily.jobs.ts';
import { defineInventoryJobs, scheduleMaterialsSections } from './modules/inventory/inventory.jobs.ts';
import { defineTrainingJobs, queuePendingExtractions, scheduleTrainingJobs } from './modules/training/training.jobs.ts';
import { startNotificationDispatcher } from './modules/notifications/dispatcher.ts';
import { startCloudServer } from './server.ts';
import { blobStoreFrom } from './modules/blobs/blob-store.env.ts';

const USAGE = `usage: npm run cloud [-- <command> [flags]]

  (no command)   serve the API and the console (PGlite in CLOUD_DATA_DIR, or PostgreSQL at DATABASE_URL)
  add-hub --hall ID --hub HUB_ID [--name NAME] [--time-zone TZ] [--parent UNIT] [--config hall.yaml]
                 prints the hub's token once; with --config also stores the hall's config
  add-admin --username U [--name NAME]          the password in CLOUD_ADMIN_PASSWORD
  put-config --hall ID --file hall.yaml         the hall's config, checked as the hub checks it`;

const OPTIONS = {
  'add-hub': {
    hall: { type: 'string' },
    name: { type: 'string' },
    'time-zone': { type: 'string', default: 'Asia/Shanghai' },
    hub: { type: 'string' },
    parent: { type: 'string' },
    /** The parent unit's name: the parent is made (a region under HQ) when it does not exist yet. */
    'parent-name': { type: 'string' },
    config: { type: 'string' },
  },
  'add-admin': { username: { type: 'string' }, name: { type: 'string' } },
  'put-config': { hall: { type: 'string' }, file: { type: 'string' } },
} as const;
const COMMANDS = Object.keys(OPTIONS);
const REQUIRED: Record<keyof typeof OPTIONS, string[]> = {
  'add-hub': ['hall', 'hub'],
  'add-admin': ['username'],
  'put-config': ['hall', 'file'],
};

/** A mistake of the person running the command: one line on stderr, exit code 2. */
class UsageError extends Error {}

function flags<T extends NonNullable<ParseArgsConfig['options']>>(options: T) {
  try {
    return parseArgs({ args: process.argv.slice(3), options, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]} (npm run cloud -- --help lists the flags)`);
  }
}

async function main() {
  const command = process.argv[2];
  if (command === 'help' || command === '--help' || command === '-h' || process.argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command !== undefined && !COMMANDS.includes(command))
    throw new UsageError(
      `unknown command ${JSON.stringify(command)}: one of ${COMMANDS.join(', ')} (npm run cloud -- --help)`,
    );
  // The flags are checked before the database opens: a typo costs nothing and touches no data folder.
  if (command) {
    const { values } = flags(OPTIONS[command as keyof typeof OPTIONS]) as { values: Record<string, unknown> };
    const missing = REQUIRED[command as keyof typeof OPTIONS].filter((f) => !values[f]).map((f) => `--${f}`);
    if (missing.length) throw new UsageError(`${command} needs ${missing.join(' and ')} (npm run cloud -- --help)`);
    if (command === 'add-admin' && !process.env.CLOUD_ADMIN_PASSWORD)
      throw new UsageError(
        'add-admin takes the password from CLOUD_ADMIN_PASSWORD: set it (never on the command line)',
      );
    if (command === 'put-config' && !existsSync(values.file as string))
      throw new UsageError(`put-config: no file ${values.file as string} (--file)`);
  }
  const parsed = cloudEnvSchema.safeParse(process.env);
  if (!parsed.success)
    throw new UsageError(
      `environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const env = parsed.data;
  let blobs: ReturnType<typeof blobStoreFrom>;
  try {
    blobs = blobStoreFrom(env);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const log = pino({ level: env.LOG_LEVEL });
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.CLOUD_DATA_DIR });
  if (process.argv[2] === 'add-admin') {
    // The password comes from the environment (CLOUD_ADMIN_PASSWORD), never from the command line.
    const { values } = flags(OPTIONS['add-admin']);
    const password = process.env.CLOUD_ADMIN_PASSWORD;
    if (!values.username || !password)
      throw new UsageError('add-admin needs --username, and the password in CLOUD_ADMIN_PASSWORD');
    const userId = await addAdministrator(database.db, {
      username: values.username,
      name: values.name ?? values.username,
      password,
    });
    process.stdout.write(`${JSON.stringify({ userId, username: values.username })}\n`);
    await database.close();
    return;
  }
  if (process.argv[2] === 'add-hub') {
    const { values } = flags(OPTIONS['add-hub']);
    if (!values.hall || !values.hub) throw new UsageError('add-hub needs --hall ID and --hub HUB_ID');
    await registerHall(database.db, {
      id: values.hall,
      name: values.name ?? values.hall,
      timeZone: values['time-zone'],
    });
    if (values.parent && values['parent-name'])
      await ensureRegionUnit(database.db, { id: values.parent, name: values['parent-name'] });
    await ensureHallUnit(database.db, {
      hallId: values.hall,
      name: values.name ?? values.hall,
      ...(values.parent ? { parentId: values.parent } : {}),
    });
    // The config before the hub: a refused config leaves no hub whose token was never shown.
    const config = values.config
      ? await putHallConfig(
          database.db,
          values.hall,
          parseYaml(readFileSync(values.config, 'utf8')) as Record<string, unknown>,
          null,
        )
      : null;
    const { token } = await registerHub(database.db, { id: values.hub, hallId: values.hall });
    process.stdout.write(
      `${JSON.stringify({ hubId: values.hub, token, ...(config ? { configVersion: config.version } : {}) })}\n`,
    );
    await database.close();
    return;
  }
  if (process.argv[2] === 'put-config') {
    const { values } = flags(OPTIONS['put-config']);
    if (!values.hall || !values.file) throw new UsageError('put-config needs --hall ID and --file hall.yaml');
    const { version } = await putHallConfig(
      database.db,
      values.hall,
      parseYaml(readFileSync(values.file, 'utf8')) as Record<string, unknown>,
      null,
    );
    process.stdout.write(`${JSON.stringify({ hallId: values.hall, version })}\n`);
    await database.close();
    return;
  }
  const sso =
    env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET && env.OIDC_REDIRECT_URI
      ? new SsoService(database.db, {
          issuer: env.OIDC_ISSUER,
          clientId: env.OIDC_CLIENT_ID,
          clientSecret: env.OIDC_CLIENT_SECRET,
          redirectUri: env.OIDC_REDIRECT_URI,
          allowInsecure: env.OIDC_ISSUER.startsWith('http://'),
        })
      : undefined;
  database.maintain({ onError: (err) => log.warn({ err: (err as Error).message }, 'ANALYZE failed') });
  // Background jobs: every process defines the same types; those with CLOUD_JOBS=on share the work.
  const jobs = new Jobs({
    db: database.db,
    log: log.child({ module: 'jobs' }),
    pollMs: env.CLOUD_JOBS_POLL_MS,
    concurrency: env.CLOUD_JOBS_CONCURRENCY,
    workerConcurrency: env.CLOUD_JOBS_WORKER_CONCURRENCY,
  });
  await defineBuiltinJobs(jobs, { keepDays: env.CLOUD_JOBS_KEEP_DAYS });
  if (env.CLOUD_TEST_JOBS === '1') defineTestJobs(jobs);
  defineReportJobs(jobs, { forecast: reportForecast });
  defineReviewJobs(jobs);
  await scheduleDailyReports(jobs, database.db);
  defineKpiReportJobs(jobs);
  await scheduleKpiReports(jobs, database.db);
  defineRosterJobs(jobs);
  await scheduleRosterWindows(jobs, database.db);
  defineForecastJobs(jobs);
  await scheduleForecasts(jobs, database.db);
  defineAnalyticsJobs(jobs);
  // Halls whose tickets were stored before the analysis roll-ups existed get theirs, once, in the background.
  const backfill = await backfillRollups(jobs, database.db);
  if (backfill > 0) log.info({ halls: backfill }, 'analysis roll-ups queued');
  await defineStaffJobs(jobs);
  await defineOnsiteJobs(jobs);
  await defineInventoryAlertJobs(jobs);
  defineSkillJobs(jobs);
  await scheduleSkillEvaluations(jobs, database.db);
  await defineCycleJobs(jobs);
  definePerformanceJobs(jobs);
  await scheduleDailyKpis(jobs, database.db);
  defineInventoryJobs(jobs);
  await scheduleMaterialsSections(jobs, database.db);
  defineTrainingJobs(jobs, { store: blobs.store });
  await queuePendingExtractions(jobs, database.db);
  await scheduleTrainingJobs(jobs, database.db);
  // Staff kept only in a hall's config (before the staff module) move into the table, once per hall.
  await importAllHalls(database.db);
  // Hubs learn their leads' and managers' roles (on-site scoring at the hub) from sections written since.
  log.info(await writeRoleSections(database.db), 'staff sections with roles');
  log.info({ blobs: blobs.where }, 'blob store');
  const server = await startCloudServer({
    jobs,
    blobStore: blobs.store,
    db: database.db,
    log,
    host: env.CLOUD_HOST,
    port: env.CLOUD_PORT,
    consoleDir: env.CLOUD_CONSOLE_DIR,
    trustedProxies: env.CLOUD_TRUSTED_PROXIES,
    secureCookies: env.CLOUD_SECURE_COOKIES,
    httpLimits: {
      maxBodyBytes: env.CLOUD_MAX_BODY_BYTES,
      maxIngestBodyBytes: env.CLOUD_MAX_INGEST_BODY_BYTES,
      maxConfigBodyBytes: env.CLOUD_MAX_CONFIG_BODY_BYTES,
      maxBatch: env.CLOUD_MAX_BATCH,
    },
    ...(sso ? { sso } : {}),
  });
  if (env.CLOUD_JOBS === 'on') jobs.start();
  // Every cloud process sends notifications; the outbox's claims keep them from sending one twice.
  const notifier =
    env.CLOUD_NOTIFY === 'on'
      ? startNotificationDispatcher({
          db: database.db,
          log,
          pollMs: env.CLOUD_NOTIFY_POLL_MS,
          // A daily report's PDF, made when its message is sent.
          attachments: async (ref) => {
            const pdf = (await reportAttachment(database.db, ref)) ?? (await kpiReportAttachment(database.db, ref));
            if (!pdf) throw new Error(`no attachment ${ref}`);
            return pdf;
          },
        })
      : null;
  process.stdout.write(
    `${JSON.stringify({ event: 'cloud.ready', port: server.port, database: database.kind, jobsWorker: jobs.runner.workerId })}\n`,
  );
  const stop = async () => {
    // Running jobs are asked to stop and handed back to the queue before the database closes.
    await jobs.stop();
    await server.stop();
    await notifier?.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`cloud: ${(err as Error).message}\n`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
