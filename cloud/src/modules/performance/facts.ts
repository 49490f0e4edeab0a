/**
 * The facts KPIs are computed from: per subject (clerk, counter, hall) and hall-local day, additive
 * numbers measured from the hall's own events — tickets, ratings, counter sessions and pauses, the
 * published roster against the sessions, on-site scores, exams, recorded errors and awards. Being
 * additive, a period's facts are the sum of its days', and a KPI is its formula over that sum (never a
 * mean of daily ratios). A formula also sees `hall_<fact>`: the hall's total over the same period (the
 * prior of a shrunk rating, the hall's median-based expected handle time, …).
 *
 * Where facts come from: `FactSource`s. The tickets/ratings/sessions/roster source is facts.events.ts;
 * the on-site scores, the records (errors, awards) and training's exams each export one.
 */
import type { Db } from '../../db/client.ts';

export const SUBJECT_KINDS = ['clerk', 'counter', 'hall'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export type FactUnit = 'count' | 'seconds' | 'minutes' | 'points';

export interface FactDefinition {
  id: string;
  unit: FactUnit;
  /** Which source measures it (documentation, and the console's grouping). */
  source: 'tickets' | 'ratings' | 'sessions' | 'roster' | 'onsite' | 'exams' | 'records';
  zh: string;
  en: string;
}

const f = (id: string, unit: FactUnit, source: FactDefinition['source'], zh: string, en: string): FactDefinition => ({
  id,
  unit,
  source,
  zh,
  en,
});

/** Every fact a formula may name. Adding one is a code change here plus its source; formulas are data. */
export const FACTS: readonly FactDefinition[] = [
  f('served', 'count', 'tickets', '办结笔数', 'Tickets served'),
  f('handle_seconds', 'seconds', 'tickets', '办理总时长', 'Handling time'),
  f(
    'expected_handle_seconds',
    'seconds',
    'tickets',
    '按业务结构的标准办理时长',
    'Handling time expected for the service mix',
  ),
  f('called', 'count', 'tickets', '叫号次数', 'Tickets called'),
  f('no_shows', 'count', 'tickets', '过号笔数', 'No-shows'),
  f('transfers_out', 'count', 'tickets', '转出笔数', 'Transfers out'),
  f('waited', 'count', 'tickets', '有等候时间的号', 'Tickets with a wait'),
  f('wait_seconds', 'seconds', 'tickets', '等候总时长', 'Total waiting time'),
  f('within_target', 'count', 'tickets', '目标时间内叫号', 'Called within target'),
  f('ratings', 'count', 'ratings', '评价数', 'Ratings'),
  f('rating_sum', 'points', 'ratings', '评分合计', 'Sum of rating scores'),
  f('rating_sq_sum', 'points', 'ratings', '评分平方和', 'Sum of squared rating scores'),
  f('ratings_low', 'count', 'ratings', '差评数（≤2分）', 'Low ratings (≤ 2)'),
  f('session_minutes', 'minutes', 'sessions', '在岗时长', 'Minutes signed in at a counter'),
  f('pause_break_minutes', 'minutes', 'sessions', '小休时长', 'Break minutes'),
  f('pause_meal_minutes', 'minutes', 'sessions', '用餐时长', 'Meal minutes'),
  f('pause_meeting_minutes', 'minutes', 'sessions', '会议时长', 'Meeting minutes'),
  f('pause_training_minutes', 'minutes', 'sessions', '培训暂停时长', 'Training pause minutes'),
  f('pause_backoffice_minutes', 'minutes', 'sessions', '后台事务时长', 'Back-office minutes'),
  f('pause_other_minutes', 'minutes', 'sessions', '其他暂停时长', 'Other pause minutes'),
  f('planned_minutes', 'minutes', 'roster', '排班时长', 'Rostered minutes'),
  f('adherent_minutes', 'minutes', 'roster', '按排班在岗时长', 'Minutes at a counter as rostered'),
  f('planned_days', 'count', 'roster', '排班天数', 'Rostered days'),
  f('late_days', 'count', 'roster', '迟到天数', 'Days late'),
  f('absent_days', 'count', 'roster', '缺勤天数', 'Days absent'),
  f('onsite_forms', 'count', 'onsite', '现场评分次数', 'On-site forms'),
  f('onsite_points', 'points', 'onsite', '现场评分得分', 'On-site points scored'),
  f('onsite_max_points', 'points', 'onsite', '现场评分满分', 'On-site points possible'),
  f('onsite_critical_fails', 'count', 'onsite', '关键项不合格次数', 'Critical items failed'),
  f('exams', 'count', 'exams', '考试次数', 'Exams taken'),
  f('exam_score_sum', 'points', 'exams', '考试得分合计', 'Sum of exam scores'),
  f('exams_passed', 'count', 'exams', '考试通过次数', 'Exams passed'),
  f('errors', 'count', 'records', '差错次数', 'Errors recorded'),
  f('awards', 'count', 'records', '表彰次数', 'Awards recorded'),
];

export const FACT_IDS: ReadonlySet<string> = new Set(FACTS.map((x) => x.id));

/** The names a formula may use: every fact, and every fact as the hall's total (`hall_<fact>`). */
export const FORMULA_NAMES: ReadonlySet<string> = new Set([...FACT_IDS, ...[...FACT_IDS].map((id) => `hall_${id}`)]);

export type Facts = Record<string, number>;

/** One subject's facts on one day, as a source reports them. */
export interface SubjectFacts {
  subjectKind: SubjectKind;
  /** clerk: the employee id when known, else `staff:<staffId>`; counter: the counter id; hall: the hall id. */
  subjectId: string;
  facts: Facts;
}

/** Something that measures facts for a hall's day (a module exports one; facts.collect.ts runs them all). */
export interface FactSource {
  name: string;
  collect(db: Db, hall: { id: string; timeZone: string }, date: string): Promise<SubjectFacts[]>;
  /**
   * Optional: the same for every date of [from, to] at once (a backfill of a month is then a few set
   * queries, not one round per day); every date of the range is a key.
   */
  collectRange?(
    db: Db,
    hall: { id: string; timeZone: string },
    from: string,
    to: string,
  ): Promise<Map<string, SubjectFacts[]>>;
}

/** Adds `b` into `a` (missing facts count as 0). */
export function addFacts(a: Facts, b: Readonly<Facts>): Facts {
  for (const [k, v] of Object.entries(b)) if (Number.isFinite(v)) a[k] = (a[k] ?? 0) + v;
  return a;
}
