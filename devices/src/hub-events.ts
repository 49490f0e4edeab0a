/**
 * The hub→cloud event contract: every event a hub journals and forwards, as one zod schema that both
 * sides import. The hub's event types are inferred from it (edge/src/bus/hub-events.ts); the cloud
 * validates each pushed row against it (`ingest.push`) and refuses a row that does not fit *as that
 * row*, naming the field, so one bad event can never stop a hall's sync; the projection switches on
 * the parsed, typed event. Free text is `textSchema` (no control characters: PostgreSQL's jsonb refuses
 * NUL). Fields may be added as optional; removing or retyping one needs a version of the contract.
 */
import { z } from 'zod';
import { ALARM_RULES } from './alarm-text.ts';
import { epochMsSchema } from './envelope.ts';
import {
  alarmIdSchema,
  counterIdSchema,
  deviceIdSchema,
  serviceIdSchema,
  staffIdSchema,
  textSchema,
  ticketNoSchema,
} from './ids.ts';
import { checklistIdSchema, materialIdSchema } from './hall-config.ts';
import { deviceKindNameSchema } from './kinds.ts';
import { pauseReasonSchema } from './counter-terminal/counter-terminal.contract.ts';
import { ticketChannelSchema, ticketPrioritySchema } from './ticket-terminal/ticket-terminal.contract.ts';

const at = epochMsSchema;
/** A blob's name: the hex SHA-256 of its bytes. */
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be a hex SHA-256' });
const count = z.int().min(0).max(1_000_000_000);
const minutes = z.number().min(0).max(100_000);
const priorityClass = z.union([ticketPrioritySchema, z.literal('regular')]);

/** Why call-next chose a ticket: enough to answer "why was B012 called before A007?". */
export const callReasonSchema = z.object({
  rule: z.enum(['priority', 'fairness', 'longest-wait', 'specific']),
  class: priorityClass,
  /** The chosen ticket's weighted wait (service weight × minutes waited). */
  score: z.number(),
  /** Other waiting tickets this counter could have called, best first (at most 5). */
  passedOver: z
    .array(z.object({ ticketNo: ticketNoSchema, class: priorityClass, score: z.number(), waitedMinutes: z.number() }))
    .max(5),
});

export const counterCloseReasonSchema = z.enum(['moved', 'taken-over', 'released', 'restart']);

export const severitySchema = z.enum(['critical', 'major', 'minor', 'warning']);
export const alarmRuleSchema = z.enum(ALARM_RULES);
/** An alarm's figures, rendered in the viewer's language: flat values only. */
export const alarmParamsSchema = z
  .record(z.string().max(32), z.union([textSchema(80), z.number(), z.null()]))
  .refine((p) => Object.keys(p).length <= 16, { error: 'at most 16 params' });

const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), at, ...shape });

export const queueEventSchemas = [
  event('day.started', { date: z.iso.date() }),
  event('ticket.issued', {
    ticketNo: ticketNoSchema,
    serviceId: serviceIdSchema,
    priority: ticketPrioritySchema.nullable(),
    channel: ticketChannelSchema,
    deviceId: deviceIdSchema.nullable(),
    waitingAhead: count,
    eta: z.object({ p50Minutes: minutes, p90Minutes: minutes }),
  }),
  event('ticket.called', {
    ticketNo: ticketNoSchema,
    counterId: counterIdSchema,
    staffId: staffIdSchema.nullable(),
    why: callReasonSchema,
  }),
  event('ticket.recalled', { ticketNo: ticketNoSchema, counterId: counterIdSchema, recalls: count }),
  event('ticket.started', { ticketNo: ticketNoSchema, counterId: counterIdSchema }),
  event('ticket.finished', {
    ticketNo: ticketNoSchema,
    counterId: counterIdSchema,
    staffId: staffIdSchema.nullable(),
    txCount: z.int().min(0).max(100).nullable(),
    txTypes: z.array(textSchema(32, 1)).max(20),
  }),
  event('ticket.noshow', { ticketNo: ticketNoSchema, counterId: counterIdSchema, recalls: count }),
  event('ticket.cancelled', { ticketNo: ticketNoSchema, reason: z.enum(['customer', 'expired']) }),
  event('ticket.transferred', {
    ticketNo: ticketNoSchema,
    fromServiceId: serviceIdSchema,
    toServiceId: serviceIdSchema,
    counterId: counterIdSchema,
  }),
  event('counter.opened', { counterId: counterIdSchema, staffId: staffIdSchema }),
  event('counter.paused', { counterId: counterIdSchema, reason: pauseReasonSchema, note: textSchema(100).nullable() }),
  event('counter.resumed', { counterId: counterIdSchema }),
  /** A called ticket back at the front of its queue (a manager released the counter that held it). */
  event('ticket.requeued', { ticketNo: ticketNoSchema, counterId: counterIdSchema }),
  event('counter.closed', {
    counterId: counterIdSchema,
    /**
     * Why, when not the clerk's own close: `moved` (the clerk signed in at counter `by`), `taken-over`
     * (clerk `by` signed in here), `released` (manager `by` released the counter), `restart` (nobody
     * resumed the counter after a hub restart; `by` is `hub`). Absent: closed.
     */
    reason: counterCloseReasonSchema.optional(),
    by: textSchema(80, 1).optional(),
    /** The clerk who was signed in. */
    staffId: staffIdSchema.optional(),
  }),
] as const;

export const alarmEventSchemas = [
  event('alarm.raised', {
    alarmId: alarmIdSchema,
    rule: alarmRuleSchema,
    subject: textSchema(80, 1),
    severity: severitySchema,
    value: z.number(),
    params: alarmParamsSchema.optional(),
    message: textSchema(300),
  }),
  event('alarm.updated', {
    alarmId: alarmIdSchema,
    severity: severitySchema,
    value: z.number(),
    params: alarmParamsSchema.optional(),
    message: textSchema(300),
  }),
  event('alarm.acked', { alarmId: alarmIdSchema, by: textSchema(80, 1) }),
  event('alarm.cleared', { alarmId: alarmIdSchema, value: z.number() }),
] as const;

export const hallEventSchemas = [
  event('occupancy.counted', {
    deviceId: deviceIdSchema,
    in: count,
    out: count,
    totalIn: z.int().min(0),
    totalOut: z.int().min(0),
    reset: z.boolean(),
  }),
  event('rating.received', {
    ticketNo: ticketNoSchema,
    score: z.int().min(1).max(5),
    reasons: z.array(textSchema(32, 1)).max(8),
    counterId: counterIdSchema.nullable(),
    staffId: staffIdSchema.nullable(),
    deviceId: deviceIdSchema,
  }),
  event('rating.skipped', {
    ticketNo: ticketNoSchema,
    counterId: counterIdSchema.nullable(),
    deviceId: deviceIdSchema,
  }),
  /**
   * An on-site form (现场评分) a manager submitted at the hub's page (also while the WAN is down). Photos
   * and the signature are named by the SHA-256 of their bytes; the hub uploads the bytes to the cloud's
   * blob store before it forwards this event. `formId` is made by the page: a form sent twice is one.
   */
  event('onsite.scored', {
    formId: z.uuid(),
    templateId: checklistIdSchema,
    templateVersion: z.int().min(1),
    subjectKind: z.enum(['clerk', 'counter', 'hall']),
    /** The clerk's staff id, the counter id, or the hall id. */
    subjectId: textSchema(64, 1),
    /** The counter and ticket being served when the clerk was scored, if any. */
    counterId: counterIdSchema.nullable(),
    ticketNo: ticketNoSchema.nullable(),
    answers: z
      .array(
        z.object({
          itemId: checklistIdSchema,
          result: z.enum(['pass', 'fail', 'na']),
          /** Points given (points items); pass-fail items leave it null. */
          points: z.number().min(0).max(100).nullable(),
          note: textSchema(200).nullable(),
          photos: z.array(sha256Schema).max(4),
        }),
      )
      .max(720),
    /** Who scored: the manager's staff id on the hub, or their user id from the console. */
    scoredBy: textSchema(80, 1),
    signature: sha256Schema.nullable(),
  }),
  /**
   * Promotional materials handed to customers (物料发放): at a counter to the customer of `ticketNo` (its
   * service and the clerk attached), or in bulk (an event, a street promotion). `issueId` is made by the page,
   * so an issue sent twice is one; a kit is sent as its parts with `kitId`. Journaled while the WAN is down.
   */
  event('material.issued', {
    issueId: z.uuid(),
    mode: z.enum(['counter', 'bulk']),
    items: z
      .array(
        z.object({ itemId: materialIdSchema, qty: z.int().min(1).max(10_000), kitId: materialIdSchema.nullable() }),
      )
      .min(1)
      .max(40),
    ticketNo: ticketNoSchema.nullable(),
    serviceId: serviceIdSchema.nullable(),
    counterId: counterIdSchema.nullable(),
    staffId: staffIdSchema.nullable(),
    note: textSchema(200).nullable(),
  }),
  event('device.availability', {
    deviceId: deviceIdSchema,
    kind: deviceKindNameSchema,
    online: z.boolean(),
    cause: z.enum(['will', 'announce', 'heartbeat', 'poll', 'hub']),
  }),
] as const;

/**
 * Rows the hub's outbox puts in place of others: a row the cloud refused (kept in the hub's
 * dead-letter table) and telemetry dropped to keep the outbox within its disk budget. They hold the
 * sequence number so the cloud's acknowledgement can pass it.
 */
export const placeholderEventSchemas = [
  event('hub.dead-letter', { originalKind: textSchema(64, 1), error: textSchema(300) }),
  event('telemetry.dropped', {}),
] as const;

export const hubEventSchema = z.discriminatedUnion('type', [
  ...queueEventSchemas,
  ...alarmEventSchemas,
  ...hallEventSchemas,
  ...placeholderEventSchemas,
]);

export type HubEventRecord = z.infer<typeof hubEventSchema>;
export type HubEventType = HubEventRecord['type'];
export type QueueEvent = z.infer<(typeof queueEventSchemas)[number]>;
export type AlarmEvent = z.infer<(typeof alarmEventSchemas)[number]>;
export type CallReason = z.infer<typeof callReasonSchema>;

/** Every event type, once. */
export const HUB_EVENT_TYPES = hubEventSchema.options.map((o) => o.shape.type.value) as HubEventType[];
export const isHubEventType = (type: string): type is HubEventType => (HUB_EVENT_TYPES as string[]).includes(type);

const QUEUE_EVENT_TYPES = new Set<string>(queueEventSchemas.map((o) => o.shape.type.value));
/** The queue's own events (what the queue engine applies), by the contract's list. */
export const isQueueEvent = <E extends { type: string }>(e: E): e is Extract<E, QueueEvent> =>
  QUEUE_EVENT_TYPES.has(e.type);

/** A row the cloud will not take, and why (the field first). */
export interface EventRefusal {
  code: 'unknown_event_type' | 'invalid_event';
  field: string;
  message: string;
}

/**
 * Parses one pushed row (`type`, `at` and the event's other fields in `body`). Never throws: either the
 * typed event or a refusal naming the first field at fault.
 */
export function parseHubEvent(
  type: string,
  body: unknown,
): { ok: true; event: HubEventRecord } | { ok: false; refusal: EventRefusal } {
  if (!isHubEventType(type))
    return { ok: false, refusal: { code: 'unknown_event_type', field: 'type', message: `type: unknown event type` } };
  const result = hubEventSchema.safeParse(body && typeof body === 'object' ? { ...body, type } : body);
  if (result.success) return { ok: true, event: result.data };
  const issue = result.error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : 'body';
  return { ok: false, refusal: { code: 'invalid_event', field, message: `${field}: ${issue?.message ?? 'invalid'}` } };
}
