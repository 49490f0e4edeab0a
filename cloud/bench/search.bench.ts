/**
 * `npm run bench:search`: the training library's Chinese search at 20,000 materials, on a real PostgreSQL
 * (a private `C`-ctype cluster this command starts and stops) and on PGlite (the embedded default).
 * The materials are generated Chinese text of the halls' trade (titles like "携号转网操作规范", bodies of
 * 200–4,000 characters made from the trade's sentences), brought in as the library would index them
 * (`importNotes`: jieba words in a weighted tsvector). Then 300 searches as people type them — one or two
 * words, prefixes, common words that match thousands of materials, words that match nothing — each
 * through `searchMaterials` (cutting the query, the GIN search, title hits first, rank, the excerpt, the
 * total), timed one after the other on an otherwise idle database.
 * `--docs=N` / BENCH_SEARCH_DOCS (default 20,000). Last line: one JSON object
 * `{"docs":…,"p95MsPg":…,"p95MsPglite":…}` (goal: both ≤ 100 ms).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '@hall/scripts/harness';
import { openDatabase, type Database } from '../src/db/client.ts';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { importNotes, searchMaterials } from '../src/modules/training/materials.service.ts';

const arg = (name: string, env: string, fallback: number) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return Number(a ? a.split('=')[1] : (process.env[env] ?? fallback));
};
const DOCS = arg('docs', 'BENCH_SEARCH_DOCS', 20_000);
const QUERIES = 300;
const log = (line: string) => process.stderr.write(`${line}\n`);

/** A small deterministic generator (mulberry32). */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS = [
  '携号转网',
  '宽带装机',
  '5G套餐',
  '投诉处理',
  '宣传海报',
  '营业厅形象',
  '实名登记',
  '终端销售',
  '积分兑换',
  '话费缴纳',
  '国际漫游',
  '家庭套餐',
  '副卡办理',
  '停机复机',
  '发票开具',
  '靓号预约',
  '光猫更换',
  '流量包',
  '合约机',
  '老人关怀',
  '排队叫号',
  '服务评价',
  '客户回访',
  '资费变更',
  '宽带续约',
  '销户流程',
  '证件核验',
  '防范诈骗',
  '企业专线',
  '物联网卡',
];
const KINDS = ['操作规范', '培训手册', '常见问题', '话术指引', '流程说明', '案例分析', '考试要点', '政策解读'];
const SENTENCES = [
  '办理前请核对客户的有效身份证件，并在系统中完成实名信息比对。',
  '向客户说明资费标准、生效时间和违约责任，确认客户理解后再提交。',
  '客户情绪激动时，先致歉并倾听，不打断、不争辩，记录客户的诉求。',
  '宣传海报应张贴在营业厅入口两侧，活动结束后三日内撤下。',
  '营业员应在叫号后三十秒内接待客户，主动问候并询问办理业务。',
  '宽带装机需预约上门时间，装维人员到场前一小时电话确认。',
  '遇到系统故障时，向客户说明情况，登记联系方式并在恢复后回电。',
  '办理携号转网前需确认号码无欠费、无合约、无在网期限限制。',
  '老年客户办理业务时，应放慢语速，必要时协助填写资料。',
  '每日营业结束后核对当日收款，现金与系统流水一致后方可交班。',
  '对于可疑的大额充值或频繁换卡，应提醒客户防范电信诈骗。',
  '服务评价器应放置在客户易于操作的位置，不得诱导客户评价。',
  '新员工上岗前须完成业务知识考试并在带教老师指导下实习一周。',
  '企业客户专线开通需完成需求勘察、方案确认和合同审批三个环节。',
  '国际漫游开通后，提醒客户关注当地资费，可订购漫游流量包。',
];
const QUERY_WORDS = [
  '宣传海报',
  '携号转网',
  '宽带',
  '投诉',
  '实名',
  '海报',
  '5G',
  '套餐',
  '流程',
  '规范',
  '漫游',
  '诈骗',
  '营业厅',
  '客户',
  '装机',
  '考试',
  '发票',
  '积分',
  '老人',
  '评价',
  '专线',
  '光猫',
  '合约',
  '新员工',
  '宣传',
  '携号',
  '量子',
  '区块链',
  'wifi',
];

function material(random: () => number) {
  const topic = TOPICS[Math.floor(random() * TOPICS.length)]!;
  const kind = KINDS[Math.floor(random() * KINDS.length)]!;
  const sentences = 5 + Math.floor(random() * 120);
  const body = Array.from({ length: sentences }, () => SENTENCES[Math.floor(random() * SENTENCES.length)]).join('');
  return {
    title: `${topic}${kind}`,
    summary: `${topic}的${kind}，适用于各营业厅一线员工。`,
    body,
    serviceIds: [],
    skills: [topic],
    level: 1 + Math.floor(random() * 3),
    orgUnitId: 'hq',
  };
}

function query(random: () => number) {
  const a = QUERY_WORDS[Math.floor(random() * QUERY_WORDS.length)]!;
  if (random() < 0.3) return `${a} ${QUERY_WORDS[Math.floor(random() * QUERY_WORDS.length)]}`;
  // Now and then a word still being typed: its first characters.
  if (random() < 0.15 && a.length > 2) return a.slice(0, 2);
  return a;
}

const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] ?? 0;
};

async function measure(name: string, database: Database) {
  const db = database.db;
  await accessRepository.insertUnit(db, { id: 'hq', parentId: null, kind: 'hq', name: '总部', hallId: null });
  const random = rng(20261201);
  const t0 = performance.now();
  for (let i = 0; i < DOCS; i += 1_000)
    await importNotes(
      db,
      'bench',
      Array.from({ length: Math.min(1_000, DOCS - i) }, () => material(random)),
    );
  const loadS = (performance.now() - t0) / 1_000;
  log(`${name}: ${DOCS} materials indexed in ${loadS.toFixed(1)} s`);
  const queries = Array.from({ length: QUERIES }, (_, i) => query(rng(7 + i)));
  // Warm-up: the dictionary, the plan cache, the index pages (not counted).
  for (const q of queries.slice(0, 20)) await searchMaterials(db, { q, limit: 20, offset: 0 });
  const times: number[] = [];
  let hits = 0;
  let empty = 0;
  for (const q of queries) {
    const t = performance.now();
    const r = await searchMaterials(db, { q, limit: 20, offset: 0 });
    times.push(performance.now() - t);
    hits += r.total;
    if (r.total === 0) empty += 1;
  }
  const out = {
    p50Ms: Math.round([...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]! * 10) / 10,
    p95Ms: Math.round(p95(times) * 10) / 10,
    maxMs: Math.round(Math.max(...times) * 10) / 10,
    meanHits: Math.round(hits / QUERIES),
    noResult: empty,
    loadS: Math.round(loadS * 10) / 10,
  };
  log(
    `${name}: ${QUERIES} searches — p50 ${out.p50Ms} ms, p95 ${out.p95Ms} ms, max ${out.maxMs} ms; on average ${out.meanHits} matches, ${empty} with none`,
  );
  return out;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-search-'));
  const pg = await startPostgres(dir);
  let pgDb: Database | null = null;
  let lite: Database | null = null;
  let stopping: Promise<void> | null = null;
  // Once, whether the run ends or Ctrl-C comes (both may ask at once).
  const stop = () =>
    (stopping ??= (async () => {
      await pgDb?.close().catch(() => {});
      await lite?.close().catch(() => {});
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    })());
  const interrupted = () => void stop().finally(() => process.exit(130));
  // `on`, not `once`: Ctrl-C reaches this process from the terminal and again through tsx; a second
  // signal without a handler would end it halfway through stopping its cluster.
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);
  try {
    pgDb = await openDatabase({ url: pg.url, dataDir: '' });
    const onPg = await measure('PostgreSQL', pgDb);
    await pgDb.close();
    pgDb = null;
    lite = await openDatabase({ dataDir: join(dir, 'pglite') });
    const onLite = await measure('PGlite', lite);
    log(
      `load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    );
    console.log(
      JSON.stringify({
        docs: DOCS,
        p95MsPg: onPg.p95Ms,
        p95MsPglite: onLite.p95Ms,
        pg: onPg,
        pglite: onLite,
        ok: onPg.p95Ms <= 100 && onLite.p95Ms <= 100,
      }),
    );
  } finally {
    await stop();
  }
}

await main();
