/**
 * `npm run bench:stock`: a day of 物流管理 at full tilt through the cloud's API (tRPC over HTTP) on a real
 * PostgreSQL (a private cluster this command starts and stops). Ten halls in two regions, one warehouse;
 * 50 clients, each with a session of its own, for 60 s with no pause between calls: hall clerks mostly
 * issuing materials to customers (now and then taking one back, asking the warehouse for more, receiving
 * a shipment by its label, sometimes short), region managers approving requests and resolving
 * discrepancies, logistics clerks shipping and booking suppliers' deliveries. One item is scarce at the
 * halls, so `stock-insufficient` refusals are expected; any 500 fails the run.
 *
 * Measured: movements per second (counted in the ledger, not believed from the clients), operations per
 * second and p50/p99 latency per kind and overall, refusals by code; at the end the ledger invariant
 * (stock = Σ movements, none negative, closed transfers empty in transit, issues' movements = their rows).
 * `--seconds=N` / BENCH_STOCK_SECONDS, `--clients=N` / BENCH_STOCK_CLIENTS. Last line: one JSON object.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { startPostgres } from '@hall/scripts/harness';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import type { AppRouter } from '../src/app.router.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { rowsOf } from '../src/db/rows.ts';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { createUser, openSession } from '../src/modules/access/access.service.ts';
import { registerHall } from '../src/modules/halls/halls.service.ts';
import { ledgerCheck } from '../src/modules/inventory/ledger.repository.ts';
import { startCloudServer, type CloudServer } from '../src/server.ts';

const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const SECONDS = Number(flag('seconds') ?? process.env.BENCH_STOCK_SECONDS ?? 60);
const CLIENTS = Number(flag('clients') ?? process.env.BENCH_STOCK_CLIENTS ?? 50);
const HALLS = 10;
const ITEMS = ['FLY', 'SIM', 'BAG', 'PEN', 'CABLE', 'GIFT'] as const;
/** Scarce at the halls: runs out during the run (the expected refusals). */
const SCARCE = 'GIFT';
const log = (line: string) => process.stdout.write(`${line}\n`);

/** A seeded random number generator (mulberry32): the same mix on every run. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0;
const round1 = (x: number) => Math.round(x * 10) / 10;

type Client = ReturnType<typeof clientFor>;
function clientFor(base: string, session: { token: string; csrfToken: string }) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: base,
        headers: { cookie: `hall_session=${session.token}`, 'x-csrf-token': session.csrfToken },
      }),
    ],
  });
}

/** Latencies per operation kind, refusals by code, failures (500s and anything uncoded). */
class Tally {
  latencies = new Map<string, number[]>();
  refusals = new Map<string, number>();
  failures: string[] = [];
  async time<T>(kind: string, call: () => Promise<T>): Promise<T | null> {
    const t0 = performance.now();
    try {
      const out = await call();
      this.push(kind, performance.now() - t0);
      return out;
    } catch (err) {
      this.push(kind, performance.now() - t0);
      const data =
        err instanceof TRPCClientError ? (err.data as { httpStatus?: number; detail?: { code?: string } }) : null;
      const coded = data?.detail?.code ?? (data && data.httpStatus !== 500 ? `http-${data.httpStatus}` : null);
      if (coded) this.refusals.set(`${kind}:${coded}`, (this.refusals.get(`${kind}:${coded}`) ?? 0) + 1);
      else this.failures.push(`${kind}: ${(err as Error).message}`);
      return null;
    }
  }
  private push(kind: string, ms: number) {
    const list = this.latencies.get(kind) ?? [];
    list.push(ms);
    this.latencies.set(kind, list);
  }
}

interface Person {
  role: 'hall' | 'region' | 'logistics';
  hallId?: string;
  client: Client;
}

/** A hall clerk: mostly issues at the counter; now and then a reversal, a request, a receipt. */
async function hallLoop(p: Person, t: Tally, until: number, random: () => number) {
  const hallId = p.hallId!;
  const mine: string[] = [];
  let ticket = 0;
  while (Date.now() < until) {
    const r = random();
    if (r < 0.86) {
      const issueId = randomUUID();
      const items = [
        { itemId: random() < 0.15 ? SCARCE : ITEMS[Math.floor(random() * 5)]!, qty: 1 + Math.floor(random() * 2) },
      ];
      if (random() < 0.3) items.push({ itemId: 'FLY' === items[0]!.itemId ? 'SIM' : 'FLY', qty: 1 });
      ticket += 1;
      const out = await t.time('issue', () =>
        p.client.inventory.issue.mutate({
          hallId,
          issueId,
          mode: 'counter',
          items,
          ticketNo: `A${String(ticket % 1000).padStart(3, '0')}`,
          serviceId: 'biz',
          counterId: 'C01',
        }),
      );
      if (out) mine.push(out.id);
    } else if (r < 0.89 && mine.length) {
      const id = mine.splice(Math.floor(random() * mine.length), 1)[0]!;
      await t.time('reverseIssue', () => p.client.inventory.reverseIssue.mutate({ hallId, id, note: '录错' }));
    } else if (r < 0.93) {
      await t.time('request', () =>
        p.client.inventory.request.mutate({
          hallId,
          lines: ITEMS.filter((i) => i !== SCARCE).map((itemId) => ({ itemId, qty: 150 })),
        }),
      );
    } else {
      const shipped = await t.time('transfers', () =>
        p.client.inventory.transfers.query({ hallId, status: ['shipped'], limit: 5 }),
      );
      const first = shipped?.find((x) => x.to.hallId === hallId);
      if (!first) continue;
      const doc = await t.time('transfer', () => p.client.inventory.transfer.query({ id: first.id }));
      if (!doc) continue;
      // One receipt in ten is a flyer short.
      const short = random() < 0.1;
      await t.time('receive', () =>
        p.client.inventory.receive.mutate({
          id: doc.id,
          labelToken: doc.labelToken!,
          lines: doc.lines.map((l) => ({
            itemId: l.itemId,
            good: (l.shipped ?? 0) - (short && l.itemId === 'FLY' ? Math.min(2, l.shipped ?? 0) : 0),
            damaged: 0,
          })),
        }),
      );
    }
  }
}

/** A region manager: approves what the halls asked (a third of them in part), resolves discrepancies. */
async function regionLoop(p: Person, t: Tally, until: number, random: () => number) {
  while (Date.now() < until) {
    const list = await t.time('transfers', () =>
      p.client.inventory.transfers.query({ status: ['requested', 'discrepancy'], limit: 20 }),
    );
    const todo = (list ?? []).filter((x) => x.can.decide || x.can.resolve);
    if (!todo.length) {
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    const x = todo[Math.floor(random() * todo.length)]!;
    if (x.can.decide) {
      const partial = random() < 0.3;
      await t.time('decide', () =>
        p.client.inventory.decide.mutate({
          id: x.id,
          decision: 'approve',
          lines: partial
            ? x.lines.map((l) => ({ itemId: l.itemId, approved: Math.floor(l.requested / 2) }))
            : undefined,
        }),
      );
    } else {
      const d = x.discrepancies.find((y) => !y.resolution);
      if (!d) continue;
      const resolution =
        d.kind === 'short' ? (random() < 0.5 ? 'found' : 'writeoff') : d.kind === 'over' ? 'keep' : 'writeoff';
      await t.time('resolve', () => p.client.inventory.resolve.mutate({ id: x.id, discrepancyId: d.id, resolution }));
    }
  }
}

/** A logistics clerk: ships what was approved; books a supplier's delivery now and then. */
async function logisticsLoop(p: Person, t: Tally, until: number, random: () => number) {
  while (Date.now() < until) {
    if (random() < 0.05) {
      await t.time('receiveGoods', () =>
        p.client.inventory.receiveGoods.mutate({
          locationId: 'wh:main',
          lines: ITEMS.filter((i) => i !== SCARCE).map((itemId) => ({ itemId, qty: 5_000 })),
        }),
      );
      continue;
    }
    const list = await t.time('transfers', () =>
      p.client.inventory.transfers.query({ status: ['approved'], limit: 20 }),
    );
    const todo = (list ?? []).filter((x) => x.can.ship);
    if (!todo.length) {
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    const x = todo[Math.floor(random() * todo.length)]!;
    await t.time('ship', () => p.client.inventory.ship.mutate({ id: x.id }));
  }
}

/** Org tree, people, catalogue, warehouse stock and each hall's opening stock (through the services' API). */
async function setUp(database: Database, base: string) {
  const db = database.db;
  await accessRepository.insertUnit(db, { id: 'hq', parentId: null, kind: 'hq', name: '总部', hallId: null });
  const regions = ['north', 'south'];
  for (const r of regions)
    await accessRepository.insertUnit(db, { id: r, parentId: 'hq', kind: 'region', name: r, hallId: null });
  const halls = Array.from({ length: HALLS }, (_, i) => `H${i + 1}`);
  for (const [i, h] of halls.entries()) {
    await registerHall(db, { id: h, name: `营业厅 ${i + 1}`, timeZone: 'Asia/Shanghai' });
    await accessRepository.insertUnit(db, {
      id: `hall-${h}`,
      parentId: regions[i % 2]!,
      kind: 'hall',
      name: h,
      hallId: h,
    });
  }
  const person = async (username: string, unit: string, role: 'hall_manager' | 'region_manager' | 'logistics') => {
    const id = await createUser(db, { username, name: username, password: 'Correct-Horse-9', orgUnitId: unit });
    await accessRepository.grant(db, { userId: id, role, orgUnitId: unit });
    return id;
  };
  const userIds = {
    logistics: [await person('wh1', 'hq', 'logistics'), await person('wh2', 'hq', 'logistics')],
    region: Object.fromEntries(
      await Promise.all(regions.map(async (r) => [r, await person(`rm-${r}`, r, 'region_manager')])),
    ) as Record<string, string>,
    hall: Object.fromEntries(
      await Promise.all(halls.map(async (h) => [h, await person(`hm-${h}`, `hall-${h}`, 'hall_manager')])),
    ) as Record<string, string>,
  };
  const session = async (userId: string) => clientFor(base, await openSession(db, userId));
  const wh = await session(userIds.logistics[0]!);
  await wh.inventory.addWarehouse.mutate({ id: 'main', nameZh: '总仓', nameEn: 'Main warehouse', orgUnitId: 'hq' });
  for (const id of ITEMS)
    await wh.inventory.saveItem.mutate({
      id,
      nameZh: `物料 ${id}`,
      nameEn: `Item ${id}`,
      unitZh: '个',
      unitEn: 'pcs',
      kind: 'item',
    });
  await wh.inventory.receiveGoods.mutate({
    locationId: 'wh:main',
    lines: ITEMS.map((itemId) => ({ itemId, qty: itemId === SCARCE ? 10 * HALLS * 40 : 1_000_000 })),
  });
  // Each hall's opening stock: a plenty of everything, a little of the scarce item.
  for (const h of halls) {
    const hm = await session(userIds.hall[h]!);
    const rm = await session(userIds.region[regions[halls.indexOf(h) % 2]!]!);
    const { id } = await hm.inventory.request.mutate({
      hallId: h,
      lines: ITEMS.map((itemId) => ({ itemId, qty: itemId === SCARCE ? 40 : 20_000 })),
    });
    await rm.inventory.decide.mutate({ id, decision: 'approve' });
    await wh.inventory.ship.mutate({ id });
    const doc = await hm.inventory.transfer.query({ id });
    await hm.inventory.receive.mutate({
      id,
      labelToken: doc.labelToken!,
      lines: doc.lines.map((l) => ({ itemId: l.itemId, good: l.shipped ?? 0, damaged: 0 })),
    });
  }
  // The clients — of 50: 38 at the halls' counters, 8 in the regions, 4 at the warehouse — each its own session.
  const atRegions = Math.max(1, Math.round(CLIENTS * 0.16));
  const atWarehouse = Math.max(1, Math.round(CLIENTS * 0.08));
  const people: Person[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    if (i < atRegions) people.push({ role: 'region', client: await session(userIds.region[regions[i % 2]!]!) });
    else if (i < atRegions + atWarehouse)
      people.push({ role: 'logistics', client: await session(userIds.logistics[i % 2]!) });
    else {
      const h = halls[i % HALLS]!;
      people.push({ role: 'hall', hallId: h, client: await session(userIds.hall[h]!) });
    }
  }
  return people;
}

/** The ledger's invariant, as the property test checks it (ledger.repository.ts `ledgerCheck` and more). */
async function invariant(database: Database) {
  const db = database.db;
  const check = await ledgerCheck(db);
  const [transit] = await rowsOf<{ closedInTransit: number; issueMismatch: number }>(
    db,
    sql`SELECT
          (SELECT count(*) FROM (SELECT t.id FROM inv_transfers t JOIN inv_movements m ON m.transfer_id = t.id
             WHERE t.status = 'closed' AND m.location_id = 'transit' GROUP BY t.id HAVING sum(m.qty) <> 0) x)::int AS "closedInTransit",
          (SELECT count(*) FROM (
             SELECT i.id, i.item_id, i.posted, coalesce(sum(m.qty), 0) AS moved FROM inv_issues i
               LEFT JOIN inv_movements m ON m.issue_id = i.id AND m.item_id = i.item_id
              GROUP BY i.id, i.item_id, i.posted HAVING coalesce(sum(m.qty), 0) <> -i.posted OR count(m.id) <> (i.posted <> 0)::int) y)::int AS "issueMismatch"`,
  );
  return {
    ok: check.ok && transit!.closedInTransit === 0 && transit!.issueMismatch === 0,
    mismatches: check.mismatches.length,
    negative: check.negative,
    closedInTransit: transit!.closedInTransit,
    issueMismatch: transit!.issueMismatch,
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'hall-bench-stock-'));
  const pg = await startPostgres(dir);
  let database: Database | null = null;
  let server: CloudServer | null = null;
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await server?.stop().catch(() => {});
      await database?.close().catch(() => {});
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    })());
  // Ctrl-C still stops the server and the cluster.
  const interrupted = () => void stop().finally(() => process.exit(130));
  // `on`, not `once`: Ctrl-C reaches this process from the terminal and again through tsx; a second
  // signal without a handler would end it halfway through stopping its cluster.
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);
  try {
    database = await openDatabase({ url: pg.url, dataDir: '' });
    server = await startCloudServer({ db: database.db, log: pino({ level: 'silent' }), host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${server.port}/trpc`;
    const people = await setUp(database, base);
    const count = async () =>
      (await rowsOf<{ n: number }>(database!.db, sql`SELECT count(*)::int AS n FROM inv_movements`))[0]!.n;
    const before = await count();
    log(
      `${CLIENTS} clients (${people.filter((p) => p.role === 'hall').length} at hall counters, ${people.filter((p) => p.role === 'region').length} region, ${people.filter((p) => p.role === 'logistics').length} logistics), ${HALLS} halls, ${SECONDS} s`,
    );
    const tally = new Tally();
    const t0 = performance.now();
    const until = Date.now() + SECONDS * 1_000;
    await Promise.all(
      people.map((p, i) => {
        const random = rng(20261201 + i);
        if (p.role === 'hall') return hallLoop(p, tally, until, random);
        if (p.role === 'region') return regionLoop(p, tally, until, random);
        return logisticsLoop(p, tally, until, random);
      }),
    );
    const seconds = (performance.now() - t0) / 1_000;
    const movements = (await count()) - before;
    const inv = await invariant(database);

    const all = [...tally.latencies.values()].flat();
    const byKind = Object.fromEntries(
      [...tally.latencies].sort().map(([kind, xs]) => [
        kind,
        {
          perSec: round1(xs.length / seconds),
          p50Ms: round1(pct(xs, 0.5)),
          p99Ms: round1(pct(xs, 0.99)),
          n: xs.length,
        },
      ]),
    );
    for (const [kind, s] of Object.entries(byKind))
      log(`${kind.padEnd(14)} ${String(s.perSec).padStart(7)}/s  p50 ${s.p50Ms} ms  p99 ${s.p99Ms} ms  (${s.n})`);
    const refusals = Object.fromEntries([...tally.refusals].sort());
    log(`refusals: ${JSON.stringify(refusals)}`);
    if (tally.failures.length) log(`failures (${tally.failures.length}): ${tally.failures.slice(0, 5).join(' | ')}`);
    log(`ledger: ${movements} movements in ${seconds.toFixed(1)} s; invariant ${JSON.stringify(inv)}`);
    const result = {
      movementsPerSec: Math.round(movements / seconds),
      opsPerSec: round1(all.length / seconds),
      p50Ms: round1(pct(all, 0.5)),
      p99Ms: round1(pct(all, 0.99)),
      invariantOk: inv.ok,
      failures: tally.failures.length,
      clients: CLIENTS,
      // The machine is shared: its load during the run says how far to trust the figures.
      loadAvg1m: round1(loadavg()[0]!),
      halls: HALLS,
      seconds: round1(seconds),
      movements,
      byKind,
      refusals,
    };
    log(JSON.stringify(result));
    if (!inv.ok || tally.failures.length) process.exitCode = 1;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await stop();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    process.stderr.write(`bench:stock failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
