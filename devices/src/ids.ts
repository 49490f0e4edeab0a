/**
 * Identifier formats shared by every device kind. Ids appear as MQTT topic segments, so they must never
 * contain '/', '+' or '#', and stay short enough to be cheap InfluxDB tag values.
 */
import { z } from 'zod';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const TOKEN_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

const idSchema = (what: string) =>
  z
    .string()
    .max(64, { error: `${what} must be at most 64 characters` })
    .regex(ID_PATTERN, { error: `${what} must be 1-64 letters, digits, '_' or '-'` });

export const hallIdSchema = idSchema('hall id');
export const deviceIdSchema = idSchema('device id');
export const serviceIdSchema = idSchema('service id');
export const staffIdSchema = idSchema('staff id');
export const counterIdSchema = idSchema('counter id');
export const alarmIdSchema = idSchema('alarm id');

/** Event and request ids: UUIDs, ULIDs or `device:seq` all fit. */
export const eidSchema = z
  .string()
  .max(64, { error: 'eid must be at most 64 characters' })
  .regex(TOKEN_PATTERN, { error: "eid must be 1-64 letters, digits, '_', '.', ':' or '-'" });
export const reqIdSchema = z
  .string()
  .max(64, { error: 'reqId must be at most 64 characters' })
  .regex(TOKEN_PATTERN, { error: "reqId must be 1-64 letters, digits, '_', '.', ':' or '-'" });

/** A ticket number as printed: the service's letter prefix and a number, e.g. A007, VIP012. */
export const ticketNoSchema = z
  .string()
  .max(8, { error: 'ticket number must be at most 8 characters' })
  .regex(/^[A-Z]{1,3}[0-9]{1,5}$/, { error: 'ticket number must be 1-3 capital letters and 1-5 digits, e.g. A007' });

/**
 * Control characters (C0 but tab, line feed and carriage return; DEL; C1) and unpaired UTF-16
 * surrogates. PostgreSQL's jsonb refuses `\u0000` and unpaired surrogates outright; the others make
 * text that displays as nothing or garbles a log line. No free text in the platform may contain them.
 */
const UNSAFE_TEXT =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isSafeText = (value: string) => !UNSAFE_TEXT.test(value);

/** `value` with every character isSafeText refuses replaced by a space (for text the platform writes itself: an error). */
export const toSafeText = (value: string) => value.replace(new RegExp(UNSAFE_TEXT.source, 'g'), ' ');

/** Free text of at most `max` characters without control characters (see UNSAFE_TEXT). */
export const textSchema = (max: number, min = 0) =>
  z.string().min(min).max(max).refine(isSafeText, { error: 'must not contain control characters' });

/** A short free-text label shown on a device (service name, staff name). */
export const labelSchema = textSchema(40, 1);

export function isTopicSafeId(value: string): boolean {
  return ID_PATTERN.test(value);
}
