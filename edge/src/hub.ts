/**
 * The hub, assembled (DESIGN.md §4): store → bus → journal → queue engine and features → broker and
 * adapters → local API. `createHub` takes a parsed config, a clock and a logger and returns something to
 * start and stop; main.ts is the process around it, tests build it in-process the same way.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import sirv from 'sirv';
import type { DeviceKindName } from '@hall/devices';
import { makePrivate } from '@hall/devices/private-files';
import { refusalDelayMs, SecretGate, type GateCheck } from '@hall/devices/secrets';
import type { Logger } from 'pino';
import { BrokerAdapter } from './adapters/broker/broker.adapter.ts';
import { ModbusPoller } from './adapters/modbus/modbus.adapter.ts';
import { OpcuaReader } from './adapters/opcua/opcua.adapter.ts';
import { hubRouter, type ApiDeps } from './api/hub.router.ts';
import { Sessions } from './api/sessions.ts';
import { StaffPins } from './api/staff-pins.ts';
import { explainFromJournal } from './features/queue/explain.ts';
import { EventBus } from './bus/event-bus.ts';
import type { HallConfig, HubConfig } from './config.ts';
import { createCloudLink, isCloudRefusal } from './adapters/cloud-link/cloud-link.adapter.ts';
import { createInfluxWriter, isPermanentWriteError, toLine } from './adapters/influx/influx.adapter.ts';
import { SyncFeature } from './features/sync/sync.feature.ts';
import { INT_FIELDS } from './features/historian/history.points.ts';
import { AlertsFeature } from './features/alerts/alerts.feature.ts';
import { Historian } from './features/historian/historian.feature.ts';
import { AvailabilityFeature } from './features/availability/availability.feature.ts';
import { HallState } from './features/hall-state/hall-state.ts';
import { OccupancyFeature } from './features/occupancy/occupancy.feature.ts';
import { QueueEngine } from './features/queue/queue.engine.ts';
import { estimateWait } from './features/queue/wait.estimate.ts';
import { isQueueEvent } from '@hall/devices/hub-events';
import { QueueFeature } from './features/queue/queue.feature.ts';
import { RatingsFeature } from './features/ratings/ratings.feature.ts';
import { PublishedRoster } from './features/roster/published-roster.ts';
import { OnsiteFeature, photosOf } from './features/onsite/onsite.feature.ts';
import { PhotoStore } from './features/onsite/photo-store.ts';
import { MaterialsFeature } from './features/materials/materials.feature.ts';
import { PhotoUploader } from './features/onsite/photo-uploader.ts';
import { onsitePhotoRoute } from './api/onsite-photos.http.ts';
import { closeUnread, HALL_PAGE_HEADERS, metricsAccess, NOT_FOUND_PAGE, refuseLargeBody } from './http-policy.ts';
import { createMetrics } from './metrics.ts';
import { RefusalLog } from './refusal-log.ts';
import { HubStore } from './store/hub.store.ts';
import { Journal } from './store/journal.ts';
import type { ActiveAlarm, QueueView } from './read-models.ts';

export interface HubOptions {
  config: HubConfig;
  log: Logger;
  clock?: () => number;
  /**
   * A hub playing past days on a virtual clock (the demo's history), which is redone from the start if
   * cut short: no fsync per commit, and batches to the cloud of up to 2,000 rows at most once a second;
   * its alarm rules run by the caller on its clock (AlertsOptions.evaluateOn), without the outbox-backlog rule;
   * no device is timed out for want of heartbeats (AvailabilityFeature.heartbeatTimeouts).
   */
  fastForward?: boolean;
}

export interface Hub {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly ports: { mqtt: number; http: number; mqtts: number };
  readonly engine: QueueEngine;
  readonly state: HallState;
  readonly store: HubStore;
  readonly broker: BrokerAdapter;
  readonly journal: Journal;
  readonly queue: QueueFeature;
  readonly alerts: AlertsFeature;
  readonly historian: Historian | null;
  readonly sync: SyncFeature | null;
  readonly pins: StaffPins;
  /** Every secret check of the hub goes through it. */
  readonly gate: SecretGate;
  /** The published roster in force (the config's `roster` section, replaced by `applyConfig`). */
  readonly roster: PublishedRoster;
  /**
   * A new hall config (a new version from the cloud) applied while running: its staff (names, skills and
   * levels: the next call-next weighs by them; PIN hashes: for the next sign-in), its published roster (the "counters below schedule" alarm, the
   * wall screen, the counter pages), its alert rules and its promotional materials (the next tap at a
   * counter). Everything else (services, counters, devices,
   * the queue policy) waits for the next start. Returns what it applied, for the log.
   */
  applyConfig(hall: HallConfig): { staff: number; rosterVersion: number | null; rosterDays: string[] };
}

/** The hall's date of an instant; with `dayStartsAt` (HH:MM) the day begins then instead of at midnight. */
export function localDateIn(timeZone: string, dayStartsAt = '00:00'): (at: number) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const [h, m] = dayStartsAt.split(':').map(Number) as [number, number];
  const shift = (h * 60 + m) * 60_000;
  return (at) => format.format(new Date(at - shift));
}

export function createHub(opts: HubOptions): Hub {
  const { config, log } = opts;
  const hall = config.hall;
  const bus = new EventBus(log.child({ module: 'bus' }));
  // The journal and the config hold PIN and token hashes, the OPC UA folder keys: private to this user.
  const fixed = makePrivate(config.env.HUB_DATA_DIR);
  if (fixed.length)
    log.warn(
      { dataDir: config.env.HUB_DATA_DIR, fixed: fixed.length, first: fixed.slice(0, 10) },
      'the data folder was readable by others: made private (folders 0700, files 0600)',
    );
  // HUB_CLOCK=devices (replays on a virtual clock): the newest device timestamp is the time. Registered
  // before any feature listens, so a feature handling an event already sees that event's time.
  const followDevices = config.env.HUB_CLOCK === 'devices' && !opts.clock;
  let deviceTime: number | null = null;
  if (followDevices)
    bus.on('device.event', ({ event }) => void (deviceTime = Math.max(deviceTime ?? -Infinity, event.payload.ts)));
  // Whole milliseconds everywhere: timestamps go into commands whose contract wants integers.
  const source = opts.clock ?? (followDevices ? () => deviceTime ?? Date.now() : Date.now);
  const clock = () => Math.floor(source());
  const store = new HubStore(config.env.HUB_DATA_DIR, { durable: !opts.fastForward });
  const journal = new Journal({ store, bus, log: log.child({ module: 'journal' }), clock });
  const engine = new QueueEngine(hall);
  // The hall's staff list in force: the config's, then each new config's (applyConfig).
  let staffById = new Map(hall.staff.map((s) => [s.id, s]));
  // Names of clerks a newer config no longer lists: one may still be at a counter (it stays theirs until
  // closed or released), and the wall screen names them rather than showing nobody.
  const formerNames = new Map<string, string>();
  const staffName = (id: string) => staffById.get(id)?.name ?? formerNames.get(id) ?? null;
  const timeFormat = new Intl.DateTimeFormat('en-GB', {
    timeZone: hall.hall.timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  // Roster days are calendar dates: a hall open past midnight still has shifts within one date.
  const roster = new PublishedRoster({
    roster: hall.roster,
    counters: hall.counters.length,
    localDate: localDateIn(hall.hall.timeZone),
    localTime: (at) => timeFormat.format(at),
  });
  const localDate = localDateIn(hall.hall.timeZone, hall.queue.dayStartsAt);
  const queue = new QueueFeature({
    engine,
    journal,
    bus,
    config: hall,
    clock,
    log: log.child({ module: 'queue' }),
    localDate,
  });
  const devices = hall.devices.map((d) => ({
    id: d.id,
    kind: d.kind as DeviceKindName,
    polled: d.transport !== 'mqtt',
  }));
  const availability = new AvailabilityFeature({
    bus,
    journal,
    clock,
    devices,
    ...(opts.fastForward ? { heartbeatTimeouts: false } : {}),
  });
  const occupancy = new OccupancyFeature({ bus, journal, log: log.child({ module: 'occupancy' }) });
  const ratings = new RatingsFeature({
    bus,
    journal,
    engine,
    config: hall,
    log: log.child({ module: 'ratings' }),
    staffName,
    reqId: () => queue.reqId(),
  });
  // The queue as the other features may read it (read-models.ts): the engine, plus its wait estimate.
  const queueView: QueueView = {
    get date() {
      return engine.date;
    },
    tickets: engine.tickets,
    counters: engine.counters,
    ticket: (no) => engine.ticket(no),
    service: (id) => engine.service(id),
    eta: (q) => estimateWait({ ...q, times: engine.serviceTimes }),
  };
  // The alerts feature is built after the hall state it reads; the hall state reads its alarms lazily.
  let activeAlarms: () => ActiveAlarm[] = () => [];
  const state = new HallState({
    queue: queueView,
    devices: availability,
    alarms: () => activeAlarms(),
    config: hall,
    clock,
    bus,
    staffName,
    planned: (at) => {
      const plan = roster.at(at);
      return plan ? { clerks: plan.clerks, required: plan.required, version: roster.version ?? 0 } : null;
    },
  });
  const alerts = new AlertsFeature({
    config: hall,
    bus,
    journal,
    store,
    state,
    availability,
    clock,
    log: log.child({ module: 'alerts' }),
    localTime: (at) => timeFormat.format(at),
    dayStartedAt: () => engine.dayStartedAt,
    plannedNow: (at) => roster.at(at),
    // Played on a virtual clock, the history runs the rules itself, on that clock (scripts/demo/history.ts).
    ...(opts.fastForward ? { evaluateOn: 'caller' as const } : {}),
    // Without a cloud link nothing drains the outbox, so its backlog is no alarm then; nor for a hub playing
    // past days, whose cloud link drains it in wall time while its clock runs days in seconds (its
    // backlog in simulated minutes says how fast the machine is, not how the hall was).
    outbox: () => {
      if (!config.env.HUB_CLOUD_URL || opts.fastForward) return null;
      const o = store.outboxStats();
      return {
        rows: o.rows,
        oldestMinutes: o.oldestCreatedAt === null ? 0 : (clock() - o.oldestCreatedAt) / 60_000,
        deadLetters: store.deadLetters(),
      };
    },
  });
  activeAlarms = () => alerts.active();
  // On-site scoring (现场评分): photos under the data folder within their quota, forms journaled.
  const photos = new PhotoStore({
    dir: join(config.env.HUB_DATA_DIR, 'onsite-photos'),
    maxCount: config.env.HUB_ONSITE_PHOTOS_MAX,
    maxBytes: config.env.HUB_ONSITE_PHOTOS_MB * 1024 * 1024,
  });
  const onsite = new OnsiteFeature({ hall, journal, photos, clock, snapshot: () => state.snapshot() });
  // Promotional materials handed out at the counters (物料发放): the config's section, issues journaled.
  const materials = new MaterialsFeature({ section: hall.materials, journal, clock, queue: queueView });
  const link = config.env.HUB_CLOUD_URL
    ? createCloudLink({
        url: config.env.HUB_CLOUD_URL,
        hubId: config.env.HUB_ID as string,
        token: config.env.HUB_TOKEN as string,
      })
    : null;
  const uploader = link
    ? new PhotoUploader({
        photos,
        putBlob: (sha, bytes) => link.putBlob(sha, bytes),
        log: log.child({ module: 'onsite' }),
      })
    : null;
  const sync = link
    ? new SyncFeature({
        store,
        link,
        // Photos reach the cloud before the forms that name them; acknowledged forms take theirs along.
        beforePush: (rows) => uploader?.beforePush(rows) ?? Promise.resolve(),
        afterAck: (rows) => uploader?.afterAck(rows) ?? Promise.resolve(),
        clock,
        log: log.child({ module: 'sync' }),
        isRefusal: isCloudRefusal,
        onAck: (alarmId, by) => alerts.ackFromCloud(alarmId, `${by} (console)`),
        onRelease: (counterId, by) => queue.release(counterId, `${by} (console)`),
        budgetBytes: config.env.HUB_OUTBOX_BUDGET_MB * 1024 * 1024,
        ...(opts.fastForward ? { batchSize: 2_000, lingerMs: 1_000 } : {}),
      })
    : null;
  if (sync) bus.on('hub.committed', () => sync.nudge());
  // One gate for every secret check of the hub (MQTT logins, tokens, pad secrets, PINs): one CPU budget.
  // One gate for every secret the hub checks (devices, tokens, pads, PINs): one CPU budget, counted in
  // real time; backoffs on the hub's clock, so that they follow a replay's or a test's time.
  const gate = new SecretGate({
    now: clock,
    budgetNow: Date.now,
    limits: {
      perSecond: config.env.HUB_AUTH_PER_SECOND,
      maxPending: config.env.HUB_AUTH_MAX_PENDING,
      maxQueued: config.env.HUB_AUTH_MAX_QUEUED,
    },
  });
  const tls =
    config.env.HUB_TLS_CERT && config.env.HUB_TLS_KEY
      ? { cert: readFileSync(config.env.HUB_TLS_CERT), key: readFileSync(config.env.HUB_TLS_KEY) }
      : null;
  const broker = new BrokerAdapter({
    hallId: hall.hall.id,
    devices: hall.devices.flatMap((d) =>
      d.transport === 'mqtt' ? [{ id: d.id, kind: d.kind, secretHash: d.secretHash }] : [],
    ),
    bus,
    log: log.child({ module: 'broker' }),
    clock,
    // Following the devices' clock, there is no other clock to check their timestamps against.
    limits: followDevices
      ? { ...hall.ingress, maxClockSkewMs: Number.MAX_SAFE_INTEGER, maxEventAgeMs: Number.MAX_SAFE_INTEGER }
      : hall.ingress,
    gate,
    wire: {
      maxPacketBytes: config.env.HUB_MQTT_MAX_PACKET_BYTES,
      connectTimeoutMs: config.env.HUB_MQTT_CONNECT_TIMEOUT_MS,
      maxConnections: config.env.HUB_MQTT_MAX_CONNECTIONS,
      preAuthBytes: config.env.HUB_MQTT_PREAUTH_BYTES,
      preAuthTotalBytes: config.env.HUB_MQTT_PREAUTH_TOTAL_BYTES,
    },
    host: config.env.HUB_HOST,
    mqttPort: config.env.HUB_MQTT_PORT,
    ...(tls ? { tls: { ...tls, port: config.env.HUB_MQTTS_PORT } } : {}),
  });
  const env = config.env;
  const historian = env.HUB_INFLUX_URL
    ? new Historian({
        hallId: hall.hall.id,
        bus,
        store,
        state,
        engine,
        writer: createInfluxWriter(
          env.HUB_INFLUX_TOKEN
            ? {
                version: 2,
                url: env.HUB_INFLUX_URL,
                token: env.HUB_INFLUX_TOKEN,
                org: env.HUB_INFLUX_ORG as string,
                bucket: env.HUB_INFLUX_BUCKET as string,
              }
            : {
                version: 1,
                url: env.HUB_INFLUX_URL,
                database: env.HUB_INFLUX_DB as string,
                retentionPolicy: env.HUB_INFLUX_RP,
                user: env.HUB_INFLUX_USER,
                password: env.HUB_INFLUX_PASSWORD,
              },
          (msg) => log.debug({ module: 'influx' }, msg),
        ),
        isPermanent: isPermanentWriteError,
        toLine: (p) => toLine(p, INT_FIELDS),
        clock,
        log: log.child({ module: 'historian' }),
        flushMs: env.HUB_INFLUX_FLUSH_MS,
      })
    : null;
  bus.on('device.command', (cmd) => broker.publishCommand(cmd.deviceId, cmd.name, cmd.payload));
  bus.on('mqtt.retained', (m) => void broker.publishRetained(m.topic, m.payload));
  const pollers = hall.devices.flatMap((d): Array<{ start(): void; stop(): unknown }> => {
    if (d.transport === 'modbus-tcp')
      return [new ModbusPoller({ device: d, bus, log: log.child({ module: 'modbus', device: d.id }), clock })];
    if (d.transport === 'opcua')
      return [
        new OpcuaReader({
          id: d.id,
          nodeMap: d.nodeMap,
          bus,
          log: log.child({ module: 'opcua', device: d.id }),
          clock,
          dataDir: config.env.HUB_DATA_DIR,
        }),
      ];
    return [];
  });

  const started = Date.now();
  const apiRefusals = new RefusalLog({
    log: log.child({ module: 'api' }),
    message: 'API credentials refused (counts since the last line)',
  });
  const check = async (what: string, c: GateCheck & { source: string | null }) => {
    const answer = await gate.check(c);
    if (answer.result !== 'ok') {
      apiRefusals.note(`${what}_${answer.result}`, c.source);
      // A limited or busy refusal is answered late (the guesser waits, the hub only holds a timer).
      const delay = refusalDelayMs(answer);
      if (delay > 0) await new Promise((r) => setTimeout(r, delay).unref());
    }
    return answer;
  };
  const refused = { result: 'wrong' } as const;
  const sessions = new Sessions();
  // A counter that closes (moved, taken over, released, closed at the button) signs its pages out.
  bus.on('hub.committed', ({ events }) => sessions.follow(events));
  const pins = new StaffPins({ staff: hall.staff, gate });
  const padSecrets = new Map(
    hall.devices.flatMap((d) =>
      d.transport === 'mqtt' && d.kind === 'rating-pad' && d.counterId
        ? [[d.id, { hash: d.secretHash, counterId: d.counterId }] as const]
        : [],
    ),
  );
  const deps: ApiDeps = {
    snapshot: () => state.snapshot(),
    settled: () => journal.settled(),
    onChange: (listener) => state.subscribe(listener),
    // No token configured: nothing to compute, and nothing to hide.
    verifyDisplayToken: async (token, source) =>
      hall.api.displayTokenHash
        ? check('display', {
            identity: 'display',
            source,
            secret: token,
            stored: hall.api.displayTokenHash,
            generated: true,
          })
        : refused,
    verifyManagerToken: async (token, source) =>
      hall.api.managerTokenHash
        ? check('manager', {
            identity: 'manager',
            source,
            secret: token,
            stored: hall.api.managerTokenHash,
            generated: true,
          })
        : refused,
    // Limits per staff id, counter and address; an unknown staff id costs the same as a known one.
    checkStaffPin: async (c) => {
      const answer = await pins.check(c);
      if (answer.result !== 'ok') {
        apiRefusals.note(`pin_${answer.result}`, c.source);
        // A guess refused while another is being checked waits like a busy one (else it would spin).
        const delay = answer.result === 'in-progress' ? refusalDelayMs({ result: 'busy' }) : refusalDelayMs(answer);
        if (delay > 0) await new Promise((r) => setTimeout(r, delay).unref());
      }
      return answer;
    },
    verifyPad: async (deviceId, secret, source) => {
      const pad = padSecrets.get(deviceId);
      const answer = await check('pad', {
        identity: `pad:${deviceId}`,
        source,
        secret,
        stored: pad?.hash ?? null,
        generated: true,
      });
      return answer.result === 'ok' && pad ? { counterId: pad.counterId } : null;
    },
    staffMember: (staffId) => {
      const s = staffById.get(staffId);
      return s ? { name: s.name, role: s.role ?? 'clerk' } : null;
    },
    counterExists: (counterId) => engine.counters.has(counterId),
    session: (token) => sessions.get(token),
    signedOut: (token) => {
      const notice = sessions.signedOut(token);
      // For a move, the other counter's name: what the clerk sees on its sign.
      return notice
        ? {
            ...notice,
            byName:
              notice.reason === 'moved'
                ? (hall.counters.find((c) => c.id === notice.by)?.name ?? notice.by)
                : notice.by,
          }
        : null;
    },
    openSession: (session) => sessions.open(session),
    closeSession: (token) => sessions.close(token),
    perform: (counterId, action) => queue.perform(counterId, action),
    releaseCounter: (counterId, by) => queue.release(counterId, by),
    display: (counterId) => queue.displayFor(counterId),
    onPrompt: (deviceId, listener) =>
      bus.on('device.command', (cmd) => {
        if (cmd.deviceId === deviceId && cmd.name === 'prompt') listener(cmd.payload as never);
      }),
    pendingPrompt: (deviceId) => ratings.pending(deviceId, clock()),
    rate: (r) => ratings.rate({ ...r, at: clock() }),
    ackAlarm: (alarmId, by) => alerts.ack(alarmId, by),
    onsiteContext: () => onsite.context(),
    onsiteSubmit: (form, scorer) => onsite.submit(form, scorer),
    materials: (counterId) => materials.view(counterId),
    issueMaterials: (counterId, staffId, input) => materials.issue(counterId, staffId, input),
    explain: (ticketNo, other) =>
      explainFromJournal({ config: hall, latest: (type, no) => store.latestTicketEvent(type, no) }, ticketNo, other),
    shiftsOf: (staffId) => {
      const now = clock();
      return {
        version: roster.version,
        today: roster.dateAt(now),
        days: roster.days(),
        shifts: roster.shiftsOf(staffId, now).map((sh) => ({
          ...sh,
          serviceName: sh.serviceId ? (engine.service(sh.serviceId)?.name ?? null) : null,
        })),
      };
    },
    rosterDay: (date) => {
      const day = roster.day(date ?? roster.dateAt(clock()));
      return day ? { ...day, version: roster.version ?? 0 } : null;
    },
    health: () => ({
      status: 'ok',
      hallId: hall.hall.id,
      uptimeSec: Math.round((Date.now() - started) / 1000),
      seq: store.lastSeq(),
      devicesOnline: availability.online(),
    }),
  };
  const trpc = createHTTPHandler({
    router: hubRouter,
    basePath: '/trpc/',
    // Bodies are counted as they stream (a body without Content-Length); batches are short.
    maxBodySize: config.env.HUB_HTTP_MAX_BODY_BYTES,
    maxBatchSize: 10,
    // The token comes as a bearer header, or (EventSource cannot set headers) as tRPC connection
    // params of a subscription.
    createContext: ({ req, info }) => {
      const header = req.headers.authorization;
      const fromParams = info?.connectionParams?.token;
      return {
        token: header?.startsWith('Bearer ') ? header.slice(7) : (fromParams ?? null),
        source: req.socket.remoteAddress ?? null,
        deps,
      };
    },
  });
  const metrics = createMetrics({ state, broker, store, journal, alerts, historian, sync, clock });
  // The in-hall pages are static files; they get their data through /trpc with their own tokens.
  // Read once at start (sirv's production mode): pages built later are served after a restart.
  const pages = existsSync(config.env.HUB_PAGES_DIR)
    ? sirv(config.env.HUB_PAGES_DIR, { dev: false, etag: true, gzip: true })
    : null;
  const onsitePhoto = onsitePhotoRoute({ photos, session: (token) => sessions.get(token) });
  const onRequest = (req: Parameters<typeof trpc>[0], res: Parameters<typeof trpc>[1]) => {
    if (req.url?.startsWith('/trpc/')) {
      if (refuseLargeBody(req, res, config.env.HUB_HTTP_MAX_BODY_BYTES)) return;
      closeUnread(req, res);
      return trpc(req, res);
    }
    if (req.url === '/metrics') {
      const access = metricsAccess(req, config.env.HUB_METRICS_TOKEN);
      if (access !== 200) {
        res.statusCode = access;
        return res.end(
          access === 401
            ? 'a bearer token is required (HUB_METRICS_TOKEN)'
            : 'metrics are served to loopback only unless HUB_METRICS_TOKEN is set',
        );
      }
      void metrics.metrics().then(
        (text) => {
          res.setHeader('content-type', metrics.contentType);
          res.end(text);
        },
        (err: Error) => {
          res.statusCode = 500;
          res.end(err.message);
        },
      );
      return;
    }
    if (req.url === '/onsite/photos') return onsitePhoto(req, res);
    if (req.url === '/health') {
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify(deps.health()));
    }
    if (req.url?.startsWith('/hall/')) {
      for (const [k, v] of Object.entries(HALL_PAGE_HEADERS)) res.setHeader(k, v);
      req.url = req.url.slice('/hall'.length);
      const notFound = () => {
        res.statusCode = 404;
        res.end('not found (are the in-hall pages built? npm run console:build)');
      };
      return pages ? pages(req, res, notFound) : notFound();
    }
    // The hub's home page lists its pages; browsers ask for a favicon at the root.
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/' || path === '/favicon.ico' || path === '/favicon.svg') {
      res.statusCode = 302;
      // The query (?lang=en) goes along to the home page.
      res.setHeader('location', path === '/' ? `/hall/${(req.url ?? '').slice(1)}` : '/hall/favicon.svg');
      return res.end();
    }
    res.statusCode = 404;
    for (const [k, v] of Object.entries(HALL_PAGE_HEADERS)) res.setHeader(k, v);
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(NOT_FOUND_PAGE);
  };
  let http: HttpServer | null = null;
  const ports = { mqtt: 0, http: 0, mqtts: 0 };
  // The roster's plan changes at shift starts, ends and breaks, with no event in the journal: the wall
  // screen hears of it within half a minute (a hall with no tickets would otherwise show the old figures).
  const planKey = () => JSON.stringify(roster.at(clock()));
  let planSeen = planKey();
  let planTimer: ReturnType<typeof setInterval> | null = null;
  let photoSweep: ReturnType<typeof setInterval> | null = null;

  return {
    ports,
    engine,
    state,
    store,
    broker,
    journal,
    queue,
    alerts,
    historian,
    sync,
    pins,
    gate,
    roster,
    applyConfig(next) {
      pins.update(next.staff);
      engine.setStaff(next.staff);
      onsite.apply(next.onsite, next.staff);
      materials.apply(next.materials);
      for (const [id, s] of staffById) formerNames.set(id, s.name);
      staffById = new Map(next.staff.map((s) => [s.id, s]));
      roster.apply(next.roster);
      alerts.applyRules(next.alerts);
      // The wall screen shows the new plan (and new names) now, not at the next ticket.
      state.nudge();
      planSeen = planKey();
      const applied = {
        staff: next.staff.length,
        rosterVersion: roster.version,
        rosterDays: next.roster?.days.map((d) => d.date) ?? [],
      };
      log.info(
        { ...applied, materials: next.materials?.items.length ?? 0 },
        'new hall config applied: staff, roster, alert rules and materials',
      );
      return applied;
    },
    async start() {
      // Rebuild today's state from the journal before anyone can talk to the hub.
      let replayed = 0;
      // Alarms still open from earlier days (a device offline since yesterday) are the hub's to clear too.
      for (const event of store.alarmsBeforeToday()) alerts.restore(event);
      for (const event of store.currentDay()) {
        if (isQueueEvent(event)) engine.apply(event);
        occupancy.restore(event);
        availability.restore(event);
        alerts.restore(event);
        state.apply(event);
        materials.restore(event);
        replayed += 1;
      }
      log.info({ replayed, seq: store.lastSeq(), date: engine.date }, 'state rebuilt from the journal');
      if (followDevices)
        log.warn("HUB_CLOCK=devices: the hub follows its devices' timestamps (replay mode, not for a hall in service)");
      queue.start();
      historian?.start();
      if (!historian) log.info('no InfluxDB configured (HUB_INFLUX_URL): history is kept in the journal only');
      occupancy.start();
      ratings.start();
      availability.start();
      state.start();
      await queue.rollover();
      await broker.start();
      alerts.start();
      planTimer = setInterval(() => {
        const key = planKey();
        if (key === planSeen) return;
        planSeen = key;
        state.nudge();
      }, 30_000);
      planTimer.unref();
      // Photos no waiting form names (a form abandoned after its photos were taken) leave after a day.
      photoSweep = setInterval(() => {
        const named = new Set(
          store.outboxBodiesOfKind('onsite.scored').flatMap((b) => photosOf(JSON.parse(b) as Record<string, unknown>)),
        );
        void photos
          .sweep(named, Date.now(), 24 * 3_600_000)
          .catch((err: unknown) => log.warn({ err }, 'photo sweep failed'));
      }, 3_600_000);
      photoSweep.unref();
      sync?.start();
      if (!sync) log.info('no cloud configured (HUB_CLOUD_URL): the hub runs standalone, its outbox keeps everything');
      for (const p of pollers) p.start();
      http = tls ? createHttpsServer(tls, onRequest) : createHttpServer(onRequest);
      broker.attachWebSocket(http);
      http.listen(config.env.HUB_HTTP_PORT, config.env.HUB_HOST);
      await once(http, 'listening');
      ports.mqtt = broker.mqttPort;
      ports.mqtts = broker.mqttsPort;
      ports.http = (http.address() as { port: number }).port;
      log.info({ hall: hall.hall.id, ...ports }, 'hub started');
    },
    async stop() {
      queue.stop();
      availability.stop();
      alerts.stop();
      if (planTimer) clearInterval(planTimer);
      if (photoSweep) clearInterval(photoSweep);
      sync?.stop();
      await Promise.allSettled(pollers.map((p) => p.stop()));
      await broker.stop();
      apiRefusals.stop();
      if (http) {
        http.closeAllConnections();
        await new Promise<void>((resolve) => http?.close(() => resolve()));
      }
      // Let a batch staged in this turn reach the disk before closing it.
      await new Promise((r) => setImmediate(r));
      await historian?.stop();
      store.close();
      log.info('hub stopped');
    },
  };
}
