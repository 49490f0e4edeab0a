/**
 * The KPI catalogue a telecom hall starts with (written as version 1 of each key at the first start,
 * through the catalogue's API in the demo; an operator edits them as data afterwards).
 */
import type { KpiAppliesTo, KpiMinSample, KpiPeriod, KpiUnit } from './performance.table.ts';
import type { ScoringBands } from '../../engines/kpi/score.ts';

export interface KpiDraft {
  key: string;
  nameZh: string;
  nameEn: string;
  formula: string;
  unit: KpiUnit;
  direction: 'higher' | 'lower';
  target: number | null;
  bands: ScoringBands;
  weight: number;
  appliesTo: KpiAppliesTo;
  period: KpiPeriod;
  minSample: KpiMinSample | null;
}

const clerk: KpiAppliesTo = { subjects: ['clerk'] };
const everyone: KpiAppliesTo = { subjects: ['clerk', 'counter', 'hall'] };

export const DEFAULT_KPIS: readonly KpiDraft[] = [
  {
    key: 'served',
    nameZh: '办结量',
    nameEn: 'Tickets served',
    formula: 'served',
    unit: 'count',
    direction: 'higher',
    target: null,
    bands: { kind: 'linear', zeroAt: 0, fullAt: 400 },
    weight: 0,
    appliesTo: everyone,
    period: 'month',
    minSample: null,
  },
  {
    key: 'productivity',
    nameZh: '每在岗小时办结量',
    nameEn: 'Tickets per hour at a counter',
    formula: 'ratio(served, session_minutes / 60)',
    unit: 'ratio',
    direction: 'higher',
    target: 6,
    bands: { kind: 'linear', zeroAt: 2, fullAt: 6 },
    weight: 2,
    appliesTo: clerk,
    period: 'month',
    minSample: { fact: 'session_minutes', n: 600 },
  },
  {
    key: 'handle-mix',
    nameZh: '办理时长（按业务结构）',
    nameEn: 'Handling time for the service mix',
    formula: 'ratio(handle_seconds, expected_handle_seconds) * 100',
    unit: 'percent',
    direction: 'lower',
    target: 100,
    bands: { kind: 'linear', zeroAt: 150, fullAt: 85 },
    weight: 2,
    appliesTo: clerk,
    period: 'month',
    minSample: { fact: 'served', n: 30 },
  },
  {
    key: 'service-level',
    nameZh: '目标时间内叫号率',
    nameEn: 'Called within target',
    formula: 'ratio(within_target, waited) * 100',
    unit: 'percent',
    direction: 'higher',
    target: 80,
    bands: { kind: 'linear', zeroAt: 50, fullAt: 90 },
    weight: 1,
    appliesTo: everyone,
    period: 'month',
    minSample: { fact: 'waited', n: 30 },
  },
  {
    key: 'rating',
    nameZh: '满意度（收缩均值）',
    nameEn: 'Rating (shrunk mean)',
    formula: 'shrink(rating_sum, ratings, ratio(hall_rating_sum, hall_ratings), 10)',
    unit: 'score',
    direction: 'higher',
    target: 4.5,
    bands: { kind: 'linear', zeroAt: 3.5, fullAt: 4.8 },
    weight: 3,
    appliesTo: everyone,
    period: 'month',
    minSample: { fact: 'ratings', n: 20 },
  },
  {
    key: 'no-show-rate',
    nameZh: '过号率',
    nameEn: 'No-show rate',
    formula: 'ratio(no_shows, called) * 100',
    unit: 'percent',
    direction: 'lower',
    target: 5,
    bands: { kind: 'linear', zeroAt: 15, fullAt: 3 },
    weight: 0,
    appliesTo: everyone,
    period: 'month',
    minSample: { fact: 'called', n: 30 },
  },
  {
    key: 'adherence',
    nameZh: '排班遵从率',
    nameEn: 'Schedule adherence',
    formula: 'ratio(adherent_minutes, planned_minutes) * 100',
    unit: 'percent',
    direction: 'higher',
    target: 90,
    bands: { kind: 'linear', zeroAt: 60, fullAt: 95 },
    weight: 2,
    appliesTo: clerk,
    period: 'month',
    minSample: { fact: 'planned_days', n: 3 },
  },
  {
    key: 'onsite',
    nameZh: '现场检查得分率',
    nameEn: 'On-site check score',
    formula: 'ratio(onsite_points, onsite_max_points) * 100',
    unit: 'percent',
    direction: 'higher',
    target: 90,
    bands: { kind: 'linear', zeroAt: 60, fullAt: 100 },
    weight: 1,
    appliesTo: { subjects: ['clerk', 'hall'] },
    period: 'month',
    minSample: { fact: 'onsite_forms', n: 1 },
  },
  {
    key: 'errors',
    nameZh: '差错次数',
    nameEn: 'Errors recorded',
    formula: 'errors',
    unit: 'count',
    direction: 'lower',
    target: 0,
    bands: {
      kind: 'piecewise',
      points: [
        { value: 0, score: 100 },
        { value: 1, score: 80 },
        { value: 3, score: 40 },
        { value: 5, score: 0 },
      ],
    },
    weight: 1,
    appliesTo: clerk,
    period: 'month',
    minSample: null,
  },
  {
    key: 'exam',
    nameZh: '考试平均分',
    nameEn: 'Exam average',
    formula: 'ratio(exam_score_sum, exams)',
    unit: 'score',
    direction: 'higher',
    target: 80,
    bands: { kind: 'linear', zeroAt: 50, fullAt: 95 },
    weight: 1,
    appliesTo: clerk,
    period: 'month',
    minSample: { fact: 'exams', n: 1 },
  },
  {
    key: 'wait-minutes',
    nameZh: '平均等候时长',
    nameEn: 'Average wait',
    formula: 'ratio(wait_seconds, waited) / 60',
    unit: 'minutes',
    direction: 'lower',
    target: 10,
    bands: { kind: 'linear', zeroAt: 25, fullAt: 5 },
    weight: 1,
    appliesTo: { subjects: ['hall', 'counter'] },
    period: 'month',
    minSample: { fact: 'waited', n: 30 },
  },
];
