import { describe, expect, it } from 'vitest';
import { toSafeText } from './ids.ts';
import { HUB_EVENT_TYPES, parseHubEvent, type HubEventRecord, type HubEventType } from './hub-events.ts';

const at = Date.UTC(2026, 10, 30, 2, 0);
const why = {
  rule: 'longest-wait' as const,
  class: 'regular' as const,
  score: 12.5,
  passedOver: [{ ticketNo: 'B003', class: 'regular' as const, score: 4, waitedMinutes: 4 }],
};

/** One valid event of every type: a type without an example fails the first test. */
const EXAMPLES: { [T in HubEventType]: Extract<HubEventRecord, { type: T }> } = {
  'day.started': { type: 'day.started', at, date: '2026-11-30' },
  'ticket.issued': {
    type: 'ticket.issued',
    at,
    ticketNo: 'A001',
    serviceId: 'general',
    priority: null,
    channel: 'kiosk',
    deviceId: 'kiosk-1',
    waitingAhead: 0,
    eta: { p50Minutes: 2, p90Minutes: 6 },
  },
  'ticket.called': { type: 'ticket.called', at, ticketNo: 'A001', counterId: 'C01', staffId: 's01', why },
  'ticket.recalled': { type: 'ticket.recalled', at, ticketNo: 'A001', counterId: 'C01', recalls: 1 },
  'ticket.started': { type: 'ticket.started', at, ticketNo: 'A001', counterId: 'C01' },
  'ticket.finished': {
    type: 'ticket.finished',
    at,
    ticketNo: 'A001',
    counterId: 'C01',
    staffId: 's01',
    txCount: 2,
    txTypes: ['办卡', 'top-up'],
  },
  'ticket.noshow': { type: 'ticket.noshow', at, ticketNo: 'A001', counterId: 'C01', recalls: 2 },
  'ticket.cancelled': { type: 'ticket.cancelled', at, ticketNo: 'A001', reason: 'expired' },
  'ticket.transferred': {
    type: 'ticket.transferred',
    at,
    ticketNo: 'A001',
    fromServiceId: 'general',
    toServiceId: 'business',
    counterId: 'C01',
  },
  'counter.opened': { type: 'counter.opened', at, counterId: 'C01', staffId: 's01' },
  'counter.paused': { type: 'counter.paused', at, counterId: 'C01', reason: 'other', note: '去仓库取宣传单' },
  'counter.resumed': { type: 'counter.resumed', at, counterId: 'C01' },
  'counter.closed': { type: 'counter.closed', at, counterId: 'C01', reason: 'released', by: '王经理', staffId: 's01' },
  'ticket.requeued': { type: 'ticket.requeued', at, ticketNo: 'A001', counterId: 'C01' },
  'alarm.raised': {
    type: 'alarm.raised',
    at,
    alarmId: 'al-1',
    rule: 'long-wait',
    subject: 'general',
    severity: 'major',
    value: 26,
    params: { service: '综合业务', minutes: 26, warning: 15, critical: 30 },
    message: 'general: longest wait 26 min',
  },
  'alarm.updated': {
    type: 'alarm.updated',
    at,
    alarmId: 'al-1',
    severity: 'critical',
    value: 31,
    message: 'general: longest wait 31 min',
  },
  'alarm.acked': { type: 'alarm.acked', at, alarmId: 'al-1', by: '王经理 (console)' },
  'alarm.cleared': { type: 'alarm.cleared', at, alarmId: 'al-1', value: 3 },
  'onsite.scored': {
    type: 'onsite.scored',
    at,
    formId: '0b7e4c1e-3a52-4c47-9d0e-6f1f0e9a2b11',
    templateId: 'counter-service',
    templateVersion: 1,
    subjectKind: 'clerk',
    subjectId: 's01',
    counterId: 'C01',
    ticketNo: 'A001',
    answers: [{ itemId: 'greeting', result: 'fail', points: null, note: '未起身迎客', photos: ['a'.repeat(64)] }],
    scoredBy: 'm01',
    signature: null,
  },
  'material.issued': {
    type: 'material.issued',
    at,
    issueId: '5d0c1f52-8f0e-4a57-b1c3-2f6a4d1e9b20',
    mode: 'counter',
    items: [{ itemId: 'FLY-5G', qty: 1, kitId: null }],
    ticketNo: 'A001',
    serviceId: 'biz',
    counterId: 'C01',
    staffId: 's01',
    note: null,
  },
  'occupancy.counted': {
    type: 'occupancy.counted',
    at,
    deviceId: 'door-1',
    in: 3,
    out: 1,
    totalIn: 1_203,
    totalOut: 1_180,
    reset: false,
  },
  'rating.received': {
    type: 'rating.received',
    at,
    ticketNo: 'A001',
    score: 5,
    reasons: ['friendly'],
    counterId: 'C01',
    staffId: 's01',
    deviceId: 'pad-1',
  },
  'rating.skipped': { type: 'rating.skipped', at, ticketNo: 'A001', counterId: null, deviceId: 'pad-1' },
  'device.availability': {
    type: 'device.availability',
    at,
    deviceId: 'pad-1',
    kind: 'rating-pad',
    online: false,
    cause: 'will',
  },
  'hub.dead-letter': {
    type: 'hub.dead-letter',
    at,
    originalKind: 'counter.paused',
    error: 'note: must not contain control characters',
  },
  'telemetry.dropped': { type: 'telemetry.dropped', at },
};

const parse = (e: Record<string, unknown>) => {
  const { type, ...body } = e;
  return parseHubEvent(String(type), body);
};

describe('hub→cloud event contract', () => {
  it('has one list of types and takes a valid example of each', () => {
    expect(new Set(HUB_EVENT_TYPES)).toEqual(new Set(Object.keys(EXAMPLES)));
    for (const e of Object.values(EXAMPLES)) expect(parse(e), e.type).toEqual({ ok: true, event: e });
  });

  it('refuses control characters in free text, naming the field (PostgreSQL refuses NUL in JSON)', () => {
    const r = parse({ ...EXAMPLES['counter.paused'], note: 'out\u0000back' });
    expect(r).toEqual({
      ok: false,
      refusal: { code: 'invalid_event', field: 'note', message: 'note: must not contain control characters' },
    });
    expect(parse({ ...EXAMPLES['ticket.finished'], txTypes: ['ok', 'bad\u001b[31m'] })).toMatchObject({
      ok: false,
      refusal: { field: 'txTypes.1' },
    });
    expect(parse({ ...EXAMPLES['alarm.raised'], message: 'lone \ud800 surrogate' })).toMatchObject({
      ok: false,
      refusal: { field: 'message' },
    });
    // Line breaks and tabs are text, not control.
    expect(parse({ ...EXAMPLES['counter.paused'], note: '第一行\n第二行\t!' }).ok).toBe(true);
  });

  it('makes text the platform writes itself (an error it reports) safe the same way: control characters and lone surrogates become spaces', () => {
    const error = toSafeText('refused\u0000 row \ud800 at \u001b[31mline\n2\t😀');
    expect(error).toBe('refused  row   at  [31mline\n2\t😀');
    expect(parse({ ...EXAMPLES['counter.paused'], note: error }).ok).toBe(true);
  });

  it('refuses unknown types, missing and mistyped fields, impossible dates and huge strings', () => {
    expect(parseHubEvent('ticket.teleported', { at })).toEqual({
      ok: false,
      refusal: { code: 'unknown_event_type', field: 'type', message: 'type: unknown event type' },
    });
    expect(parse({ ...EXAMPLES['ticket.called'], counterId: undefined })).toMatchObject({
      ok: false,
      refusal: { field: 'counterId' },
    });
    expect(parse({ ...EXAMPLES['rating.received'], score: '5' })).toMatchObject({
      ok: false,
      refusal: { field: 'score' },
    });
    expect(parse({ ...EXAMPLES['day.started'], date: '2025-02-30' })).toMatchObject({
      ok: false,
      refusal: { field: 'date' },
    });
    expect(parse({ ...EXAMPLES['alarm.raised'], message: 'x'.repeat(20_000_000) })).toMatchObject({
      ok: false,
      refusal: { field: 'message' },
    });
    expect(parseHubEvent('counter.closed', null)).toMatchObject({ ok: false, refusal: { field: 'body' } });
  });
});
