/**
 * The demo's assessment cycles (考核流程), made through the cloud's API at the first start, after the
 * daily KPI facts of the history are computed: over all demo halls, one cycle on the history's first two
 * weeks taken through every stage to final (clerks' self-reviews, adjustments with reasons, an accepted
 * appeal), and one on the last two weeks left at the appeal stage with one appeal waiting for an answer.
 * Everything on the sheets is computed from the halls' history by the cycle's opening; only the people's
 * steps are scripted. A start that finds the cycles (by name) makes nothing.
 */
import { demoClerkAccounts, session, type Session } from './wishes-demo.ts';
import { addDays } from '@hall/devices/calendar';

export interface DemoCyclesOptions {
  /** The cloud's base URL (http://127.0.0.1:PORT), for the clerks' own sessions. */
  base: string;
  /** The halls' today (YYYY-MM-DD). */
  today: string;
  /** Days of history before today (the demo's four weeks). */
  historyDays: number;
  log?: (line: string) => void;
}

interface Line {
  id: number;
  key: string;
  score: number | null;
  enough: boolean;
  appeal: { id: number; status: string } | null;
}
interface Sheet {
  id: number;
  hallId: string;
  total: number | null;
  lines: Line[];
}
interface CycleView {
  id: number;
  status: string;
  stage: { kind: string };
  sheets: Array<{ id: number; hallId: string; employeeId: string; total: number | null }>;
}

const plus = addDays;

const FINISHED = '演示考核：历史前两周';
const RUNNING = '演示考核：最近两周';
/** A clerk's appeal that fits any line: days away from the counter the figures do not know about. */
const APPEAL_REASON = '这期间有两天被安排参加业务培训，不在窗口，这一项因此被拉低';
const REASONS = ['节假日被抽调支援其他营业厅三天，办理量低于实际贡献', '本月承担新员工带教，按带教工作量酌情上调'];

/** Opens (or finds) the cycles and walks them; answers what was made. */
export async function demoCycles(
  api: Session,
  halls: Array<{ hallId: string; clerk?: { username: string; password: string } }>,
  o: DemoCyclesOptions,
): Promise<{ finished: number | null; running: number | null }> {
  const log = o.log ?? (() => undefined);
  const { cycles, openUnits } = await api.get<{
    cycles: Array<{ id: number; name: string }>;
    openUnits: Array<{ id: string; kind: string }>;
  }>('cycles.list');
  const root = openUnits.find((u) => u.kind === 'hq') ?? openUnits[0];
  if (!root) return { finished: null, running: null };
  const start = plus(o.today, -o.historyDays);
  const half = Math.floor(o.historyDays / 2);

  // Clerks who sign in for their steps: the hall's visitor clerk and clerks with history of their own.
  const clerks: Session[] = [];
  for (const h of halls)
    for (const p of (await demoClerkAccounts(api, h.hallId, h.clerk)).slice(0, 3))
      clerks.push(await session(o.base, p));
  const mine = async (c: Session, cycleId: number) => {
    const list = await c.get<Array<{ id: number; cycleName: string }>>('cycles.mine');
    const name = (await api.get<{ name: string }>('cycles.get', { cycleId })).name;
    const s = list.find((x) => x.cycleName === name);
    return s ? c.get<Sheet>('cycles.mySheet', { sheetId: s.id }) : null;
  };
  const stageOf = async (cycleId: number) => (await api.get<CycleView>('cycles.get', { cycleId })).stage.kind;
  const advance = (cycleId: number, reason?: string) =>
    api.call<{ stage: string }>('cycles.advance', { cycleId, ...(reason ? { reason } : {}) });

  /** Walks a cycle up to `until` (a stage kind), doing each stage's people's part. */
  async function walk(cycleId: number, until: 'appeal' | 'final') {
    for (let guard = 0; guard < 10; guard++) {
      const stage = await stageOf(cycleId);
      if (stage === until || stage === 'final') return;
      if (stage === 'self-review') {
        for (const c of clerks) {
          const s = await mine(c, cycleId);
          const scored = s?.lines.find((l) => l.enough);
          if (s && scored)
            await c.call('cycles.selfReview', {
              sheetId: s.id,
              comment: '这段时间客流较大，我尽量保证了办理质量。',
              lines: [{ lineId: scored.id, rating: 4, comment: '高峰时段一直在岗' }],
            });
        }
      } else if (stage === 'manager-review') {
        // Two sheets with the lowest totals get a line raised, each with its reason.
        const view = await api.get<CycleView>('cycles.get', { cycleId });
        const low = [...view.sheets].filter((s) => s.total !== null).sort((a, b) => (a.total ?? 0) - (b.total ?? 0));
        for (const [i, s] of low.slice(0, 2).entries()) {
          const sheet = await api.get<Sheet>('cycles.sheet', { hallId: s.hallId, sheetId: s.id });
          const line = sheet.lines
            .filter((l) => l.enough && l.score !== null)
            .sort((a, b) => (a.score ?? 0) - (b.score ?? 0))[0];
          if (line)
            await api.call('cycles.adjust', {
              hallId: s.hallId,
              sheetId: s.id,
              lineId: line.id,
              score: Math.min(100, Math.round((line.score ?? 0) + 12)),
              reason: REASONS[i] as string,
            });
        }
      } else if (stage === 'acknowledgement') {
        for (const c of clerks) {
          const s = await mine(c, cycleId);
          if (s) await c.call('cycles.acknowledge', { sheetId: s.id });
        }
      } else if (stage === 'appeal') {
        await appealOne(cycleId, true);
      }
      if ((await stageOf(cycleId)) === stage) await advance(cycleId);
    }
  }

  /** One clerk appeals their lowest scored line; when `answer`, the manager accepts it with a new score. */
  async function appealOne(cycleId: number, answer: boolean) {
    for (const c of clerks) {
      const s = await mine(c, cycleId);
      const line = s?.lines
        .filter((l) => l.enough && l.score !== null && !l.appeal)
        .sort((a, b) => (a.score ?? 0) - (b.score ?? 0))[0];
      if (!s || !line) continue;
      const after = await c.call<Sheet>('cycles.appeal', {
        sheetId: s.id,
        lineId: line.id,
        reason: APPEAL_REASON,
      });
      const appeal = after.lines.find((l) => l.id === line.id)?.appeal;
      if (answer && appeal)
        await api.call('cycles.answerAppeal', {
          hallId: s.hallId,
          appealId: appeal.id,
          decision: 'accept',
          newScore: Math.min(100, Math.round((line.score ?? 0) + 8)),
          reason: '已核实设备故障记录，按同期平均水平调整',
        });
      return;
    }
  }

  async function ensure(name: string, from: string, to: string) {
    const found = cycles.find((c) => c.name === name);
    if (found) return { id: found.id, fresh: false };
    const opened = await api.call<{ id: number; sheets: number }>('cycles.open', {
      orgUnitId: root?.id,
      name,
      period: { kind: 'custom', from, to },
    });
    log(`assessment cycle ${name}: ${opened.sheets} sheets`);
    return { id: opened.id, fresh: true };
  }

  const finished = await ensure(FINISHED, start, plus(start, half - 1));
  if (finished.fresh) await walk(finished.id, 'final');
  const running = await ensure(RUNNING, plus(start, half), plus(o.today, -1));
  if (running.fresh) {
    await walk(running.id, 'appeal');
    await appealOne(running.id, false);
  }
  return { finished: finished.id, running: running.id };
}
