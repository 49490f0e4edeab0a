/**
 * Where a live simulated hall learns today's published roster: from the hub it drives, over the hub's
 * local API (`roster.day`, with the wall screen's display token), so the clerks follow exactly the roster
 * the hub holds — the one its "counters below schedule" alarm and wall screen use. Over the wire like
 * every other part of the simulation: the simulators never import the hub.
 */
import { z } from 'zod';
import { publishedDaySchema, type PublishedDay } from './roster-shifts.ts';

/** A published day is at most 2,000 shifts (the config's limit): far below this. */
const MAX_BYTES = 2 * 1024 * 1024;

const answerSchema = z.object({
  result: z.object({ data: publishedDaySchema.extend({ version: z.int().min(0) }).nullable() }),
});

/**
 * The hub's published roster for `date` (hall-local YYYY-MM-DD), or null when it has none for that day.
 * Throws with the reason when the hub cannot be asked (unreachable, token refused, an answer that is not
 * a roster day).
 */
export async function publishedDayFromHub(opts: {
  /** The hub's HTTP base, e.g. http://127.0.0.1:8080 */
  hubHttp: string;
  displayToken: string;
  date: string;
  timeoutMs?: number;
}): Promise<(PublishedDay & { version: number }) | null> {
  const url = `${opts.hubHttp.replace(/\/$/, '')}/trpc/roster.day?input=${encodeURIComponent(JSON.stringify({ date: opts.date }))}`;
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${opts.displayToken}` },
    signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
  });
  if (!res.ok) throw new Error(`the hub answered roster.day with HTTP ${res.status}`);
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > MAX_BYTES) throw new Error(`the hub's roster.day answer is too large (${length} bytes)`);
  const text = await res.text();
  if (text.length > MAX_BYTES) throw new Error(`the hub's roster.day answer is too large (${text.length} bytes)`);
  const parsed = answerSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(`the hub's roster.day answer is not a roster day: ${parsed.error.issues[0]?.path.join('.')}`);
  return parsed.data.result.data;
}
