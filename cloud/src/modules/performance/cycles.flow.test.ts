import { describe, expect, it } from 'vitest';
import { DEFAULT_FLOW, distribution, flowProblem, periodRange, type FlowStage } from './cycles.flow.ts';

const stage = (kind: FlowStage['kind'], actor: FlowStage['actor'], o: Partial<FlowStage> = {}): FlowStage => ({
  kind,
  actor,
  durationDays: kind === 'computed' || kind === 'final' ? 0 : 3,
  skippable: false,
  ...o,
});

describe('flow rules', () => {
  it('the default flow keeps every rule', () => {
    expect(flowProblem(DEFAULT_FLOW.stages)).toBeNull();
  });
  it('computed first and final last', () => {
    expect(flowProblem([stage('self-review', 'clerk'), stage('final', 'system')])?.code).toBe('cycle-flow-first-last');
    expect(flowProblem([stage('computed', 'system'), stage('self-review', 'clerk')])?.code).toBe(
      'cycle-flow-first-last',
    );
  });
  it('an appeal comes after an acknowledgement, and needs one', () => {
    const appeal = stage('appeal', 'hall_manager', { appealLimit: 2 });
    const ack = stage('acknowledgement', 'clerk');
    expect(flowProblem([stage('computed', 'system'), appeal, ack, stage('final', 'system')])).toEqual({
      code: 'cycle-flow-order',
      params: { kind: 'acknowledgement', before: 'appeal' },
    });
    expect(flowProblem([stage('computed', 'system'), appeal, stage('final', 'system')])?.code).toBe('cycle-flow-order');
    expect(flowProblem([stage('computed', 'system'), ack, appeal, stage('final', 'system')])).toBeNull();
  });
  it('who acts, durations, duplicates and the appeal limit are checked', () => {
    const base = (s: FlowStage) => [stage('computed', 'system'), s, stage('final', 'system')];
    expect(flowProblem(base(stage('self-review', 'hall_manager')))?.code).toBe('cycle-flow-actor');
    expect(flowProblem(base(stage('calibration', 'hall_manager')))?.code).toBe('cycle-flow-actor');
    expect(flowProblem(base(stage('manager-review', 'hall_manager', { durationDays: 0 })))?.code).toBe(
      'cycle-flow-duration',
    );
    expect(
      flowProblem([
        stage('computed', 'system'),
        stage('acknowledgement', 'clerk'),
        stage('appeal', 'hall_manager'),
        stage('final', 'system'),
      ])?.code,
    ).toBe('cycle-flow-appeal-limit');
    expect(
      flowProblem([
        stage('computed', 'system'),
        stage('self-review', 'clerk'),
        stage('self-review', 'clerk'),
        stage('final', 'system'),
      ])?.code,
    ).toBe('cycle-flow-duplicate');
  });
});

describe('periods and spreads', () => {
  it('months and quarters end on their last day', () => {
    expect(periodRange({ kind: 'month', month: '2028-02' })).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodRange({ kind: 'quarter', quarter: '2026-Q4' })).toEqual({ from: '2026-10-01', to: '2026-12-31' });
  });
  it('quartiles of the totals a rater gave', () => {
    expect(distribution([70, 90, 80, 60])).toMatchObject({
      count: 4,
      mean: 75,
      q1: 67.5,
      median: 75,
      q3: 82.5,
      min: 60,
      max: 90,
    });
    expect(distribution([])).toMatchObject({ count: 0, mean: null, median: null });
  });
});
