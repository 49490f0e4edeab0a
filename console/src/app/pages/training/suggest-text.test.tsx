import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../../i18n.ts';
import { dateRange, gapText, handleTime, runText, signedPct, type Run, type Suggestion } from './suggest-text.tsx';

const suggestion = (evidence: Record<string, unknown>): Suggestion =>
  ({
    id: 1,
    hallId: 'NS',
    employeeId: 'e1',
    kind: evidence.kind,
    subject: '',
    evidence: { clerkId: 'e1', windowFrom: '2026-11-03', windowTo: '2026-11-30', ...evidence },
    materialSeriesId: null,
    status: 'open',
  }) as unknown as Suggestion;

describe('how the suggestions and effects say things', () => {
  afterEach(() => setLang('zh-CN'));

  it('says a handling time in minutes and seconds, an hour or more in hours and minutes', () => {
    expect([handleTime(552), handleTime(365), handleTime(45), handleTime(600), handleTime(3_900)]).toEqual([
      '9分12秒',
      '6分05秒',
      '45秒',
      '10分钟',
      '1小时5分钟',
    ]);
    setLang('en');
    expect([handleTime(552), handleTime(365)]).toEqual(['9 min 12 s', '6 min 5 s']);
  });

  it('says the window as dates (not 11/3), and a signed percentage', () => {
    expect(dateRange('2026-11-03', '2026-11-30')).toBe('11月3日至11月30日');
    expect(signedPct(15.75)).toBe('+16%');
    expect(signedPct(-0.34)).toBe('-0.3%');
    setLang('en');
    expect(dateRange('2026-11-03', '2026-12-01')).toBe('Nov 3 – Dec 1');
  });

  it('says each gap with its figures; an item no longer in the template in words, not its code', () => {
    const handle = suggestion({
      kind: 'handle',
      value: 1.333,
      peerMedian: 1,
      peerBand: [0.98, 1.02],
      peers: 7,
      sample: 336,
    });
    expect(gapText(handle)).toBe('办理用时为标准的 1.33 倍（同事中位 1.00，多数在 0.98–1.02 之间），近 28 天 336 笔');
    const rating = suggestion({
      kind: 'rating',
      value: 4.26,
      peerMedian: 4.61,
      peerBand: [4.5, 4.7],
      peers: 7,
      sample: 60,
    });
    expect(gapText(rating)).toBe('满意度 4.26（同事中位 4.61）· 60 条评价');
    const onsite = suggestion({ kind: 'onsite', item: 'daily/poster', failed: 4, scored: 5 });
    expect(gapText(onsite)).toBe('「已停用的检查项」近 28 天 5 次检查 4 次不合格');
    const labelled = suggestion({
      kind: 'onsite',
      item: 'daily/poster',
      failed: 4,
      scored: 5,
      itemLabel: { zh: '宣传海报张贴', en: 'Posters put up' },
    });
    expect(gapText(labelled)).toBe('「宣传海报张贴」近 28 天 5 次检查 4 次不合格');
    setLang('en');
    expect(gapText(labelled)).toBe('Failed "Posters put up" in 4 of 5 checks in the last 28 days');
    expect(gapText(rating)).toBe("Satisfaction 4.26 (the colleagues' median 4.61) · 60 ratings");
  });

  it('says where a run stands: waiting, running, what it found, failed', () => {
    const run = (state: string, summary: unknown = null) =>
      ({
        state,
        createdAt: '2026-12-01T07:00:00.000Z',
        finishedAt: '2026-12-01T07:01:00.000Z',
        errorCode: null,
        summary,
      }) as unknown as Run;
    expect(runText(null, 'suggest')).toBe('这个营业厅还没有分析过。');
    expect(runText(run('running'), 'suggest')).toBe('正在分析…');
    expect(runText(run('done', { gaps: 3, created: 2 }), 'suggest')).toBe(
      '上次分析：2026年12月1日 15:01，发现 3 处差距，新增 2 条建议',
    );
    expect(runText(run('dead'), 'effect')).toBe('上次测算未能完成（2026年12月1日 15:01），请稍后再试。');
    expect(runText(run('done', { courses: 1 }), 'effect')).toBe('上次测算：2026年12月1日 15:01，共 1 门课程');
  });
});
