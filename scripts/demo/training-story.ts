/**
 * The demo's training story, lived by the simulated halls so that the training module finds it in their
 * own events (nothing typed in): at 南山旗舰营业厅, four clerks of 套餐变更 attended a course
 * `STORY_DAYS_AGO` days before the first start and served a fifth quicker from two days after; at
 * 福田营业厅 three clerks attended a customer-care course that changed nothing measurable. One clerk of
 * 南山 is new and slow, one is rated low: the gaps the suggestions find. The session day is fixed at the
 * first start (`demo.json`), so the scenario written at every start keeps the same past.
 */
import type { Scenario } from '@hall/simulators';

export const STORY_DAYS_AGO = 16;

export const STORY = {
  /** The course that works: 南山's plan-change clerks, quicker after it. */
  effect: {
    hallId: 'SZ-NS-002',
    staffIds: ['E2003', 'E2004', 'E2009', 'E2013'],
    /** Their speed from two days after the session: service times × this. */
    speedAfter: 0.8,
    course: {
      title: '套餐变更办理提速要点',
      summary: '套餐变更的核验顺序、系统快捷操作与常见问题的标准答复',
      body: `一、先核验后推荐：核验身份与在网合约，再按客户近三个月用量推荐套餐，一次说清资费差额。
二、系统快捷操作：套餐变更页面使用“按用量推荐”按钮，生效时间默认次月一日；当月生效须客户确认差额。
三、常见问题：合约期内降档、副卡共享、流量结转——各备一句标准答复，避免翻查资料。
四、收尾：当场发送变更确认短信，提醒客户核对次月账单。`,
      serviceIds: ['plan'],
      skills: ['套餐业务', '系统操作'],
      level: 2,
    },
  },
  /** The course that changed nothing measurable: 福田's clerks, as before. */
  noEffect: { hallId: 'SZ-FT-001', staffIds: ['E1002', 'E1003', 'E1004'], daysEarlier: 2, title: '老年客户服务指引' },
  /** A new clerk of 南山, slow at everything; another rated low by customers. */
  slow: { hallId: 'SZ-NS-002', staffId: 'E2012', speed: 1.4 },
  lowRated: { hallId: 'SZ-NS-002', staffId: 'E2014', ratingMean: 3.7 },
} as const;

/** A hall's scenario with the story lived in it (the session day as `YYYY-MM-DD`). */
export function storyScenario(scenario: Scenario, sessionDay: string): Scenario {
  const hallId = scenario.hall.id;
  const after = new Date(Date.parse(`${sessionDay}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);
  return {
    ...scenario,
    staff: scenario.staff.map((s) => {
      if (hallId === STORY.effect.hallId && (STORY.effect.staffIds as readonly string[]).includes(s.id))
        return { ...s, speedFrom: [{ from: after, speed: s.speed * STORY.effect.speedAfter }] };
      if (hallId === STORY.slow.hallId && s.id === STORY.slow.staffId) return { ...s, speed: STORY.slow.speed };
      if (hallId === STORY.lowRated.hallId && s.id === STORY.lowRated.staffId)
        return { ...s, ratingMean: STORY.lowRated.ratingMean };
      return s;
    }),
  };
}
