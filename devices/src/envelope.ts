/**
 * The parts every device message shares: the event envelope `{eid, seq, ts, deviceId}`, the command
 * envelope `{reqId}`, the response to a command, the availability payload and the base of the state payload.
 */
import { z } from 'zod';
import { deviceIdSchema, eidSchema, reqIdSchema, textSchema } from './ids.ts';

/** Milliseconds since the Unix epoch, as the device's clock sees it. */
export const epochMsSchema = z
  .int({ error: 'must be an integer number of milliseconds since 1970' })
  .min(946_684_800_000, { error: 'must be a time after 2000-01-01' })
  .max(8_640_000_000_000_000);

/**
 * Every device event carries its own `deviceId`: the broker's ACL keeps a device inside its topic subtree,
 * and the id in the payload catches a device that was configured with another device's identity.
 */
export const eventEnvelopeSchema = z.object({
  eid: eidSchema,
  seq: z.int({ error: 'seq must be an integer' }).min(0, { error: 'seq must not be negative' }),
  ts: epochMsSchema,
  deviceId: deviceIdSchema,
});
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

export const commandEnvelopeSchema = z.object({
  reqId: reqIdSchema,
});

/** Sent by a device on `res/{reqId}` after it carried out (or failed) a command. */
export const commandResponseSchema = z.object({
  status: z.enum(['ok', 'error']),
  error: textSchema(200).optional(),
});
export type CommandResponse = z.infer<typeof commandResponseSchema>;

/**
 * `avail` is plain text, not JSON, so that it can serve as the MQTT will and be read by LED boards that
 * cannot parse JSON.
 */
export const availabilitySchema = z.enum(['online', 'offline']);
export type Availability = z.infer<typeof availabilitySchema>;

/** What every device reports in its retained `state`; kinds add their own fields. */
export const stateBaseShape = {
  ts: epochMsSchema,
  firmware: textSchema(32, 1),
  model: textSchema(64, 1),
  serial: textSchema(64).optional(),
};

/**
 * The hub refused what a device asked for (a closed service, a call with nobody waiting, a press that
 * no longer matches the counter's ticket). `inReplyTo` is the eid of the refused event.
 */
export const rejectCommandShape = {
  inReplyTo: eidSchema,
  code: z.enum([
    'unknown_service',
    'service_closed',
    'queue_full',
    'counter_closed',
    'counter_paused',
    'nobody_waiting',
    'no_current_ticket',
    'ticket_mismatch',
    'unknown_ticket',
    'not_allowed',
  ]),
  message: textSchema(200),
};
