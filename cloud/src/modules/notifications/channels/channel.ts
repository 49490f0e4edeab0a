/**
 * The one interface every channel adapter implements, and what a send can come to. A send that may
 * have gone through (a timeout after the provider took the request) is `unconfirmed`, never `failed`:
 * the dispatcher asks the provider (`check`) before it sends again, so nobody gets an SMS twice because
 * an answer was slow. Adapters hold no state between calls: several cloud processes share the outbox.
 */
export interface OutgoingMessage {
  id: number;
  /** An e-mail address, a mobile number (E.164 or mainland 11 digits), or the group channel's id. */
  recipient: string;
  subject: string;
  body: string;
  language: 'zh-CN' | 'en';
  templateParams: Record<string, string> | null;
  event: string;
  dedupeKey: string;
  attachments: Array<{ filename: string; contentType: string; content: Buffer }>;
  /** Set on a message that may have gone through before (a lapsed lease, an unconfirmed send). */
  providerMessageId: string | null;
  /** When it was last tried (receipt queries search from then). */
  attemptedAt: Date;
}

export type SendOutcome =
  | { status: 'sent'; providerMessageId?: string; delivered?: boolean }
  | { status: 'failed'; code: string; detail?: string; retry: boolean }
  | { status: 'unconfirmed'; code: string; detail?: string; providerMessageId?: string };

export type CheckOutcome =
  | { status: 'delivered'; providerMessageId?: string }
  | { status: 'sent'; providerMessageId?: string }
  | { status: 'failed'; code: string; detail?: string }
  /** No answer yet (a receipt may still come): look again later. */
  | { status: 'pending' }
  /** The provider has no record of it: it never went through, send it. */
  | { status: 'unknown' };

export interface ChannelAdapter {
  /** Sends messages of one channel; one outcome per message, in order. May group them in one request. */
  send(messages: OutgoingMessage[]): Promise<SendOutcome[]>;
  /** Asks the provider what became of a message that may have gone through (receipts, status query). */
  check?(message: OutgoingMessage): Promise<CheckOutcome>;
  /** Messages sent together in one request at most (SMS to several numbers). */
  maxBatch: number;
  /** Whether it will learn of delivery later (SMS receipts). */
  receipts: boolean;
}

/** Error codes the delivery log shows in words (console messages `notify.error.<code>`). */
export const SEND_ERRORS = [
  'timeout',
  'connection-refused',
  'connection-failed',
  'auth-failed',
  'recipient-refused',
  'rejected',
  'rate-limited',
  'provider-error',
  'bad-config',
  'no-address',
  'undelivered',
  'channel-disabled',
  'channel-missing',
  'gave-up',
] as const;
export type SendError = (typeof SEND_ERRORS)[number];

/** fetch with a deadline; a timeout is told apart from a refusal (the request may have arrived). */
export async function post(
  url: string,
  init: { headers: Record<string, string>; body: string; timeoutMs: number; method?: string },
): Promise<
  | { ok: true; status: number; json: unknown }
  | { ok: false; code: 'timeout' | 'connection-refused' | 'connection-failed'; sentRequest: boolean }
> {
  const controller = new AbortController();
  let sentRequest = false;
  const timer = setTimeout(() => controller.abort(), init.timeoutMs);
  try {
    const res = await fetch(url, {
      method: init.method ?? 'POST',
      headers: init.headers,
      body: init.method === 'GET' ? null : init.body,
      signal: controller.signal,
    });
    sentRequest = true;
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { ok: true, status: res.status, json };
  } catch (err) {
    if (controller.signal.aborted) return { ok: false, code: 'timeout', sentRequest: true };
    const code = (err as { cause?: { code?: string } }).cause?.code;
    return {
      ok: false,
      code: code === 'ECONNREFUSED' ? 'connection-refused' : 'connection-failed',
      sentRequest,
    };
  } finally {
    clearTimeout(timer);
  }
}
