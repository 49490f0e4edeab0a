/**
 * A generic signed webhook: `POST` of a JSON document to the configured URL with
 * - `X-Hall-Timestamp`: Unix seconds when it was signed;
 * - `X-Hall-Signature`: `sha256=` + hex HMAC-SHA256(secret, timestamp + "." + raw body);
 * - `X-Hall-Delivery`: the message's stable id (the same on every retry: the receiver dedupes by it).
 * A receiver should refuse a timestamp more than 5 minutes off. 2xx is delivered; 408, 429 and 5xx are
 * tried again with backoff; any other 4xx is a refusal, not retried.
 */
import { createHash, createHmac } from 'node:crypto';
import { z } from 'zod';
import { post, type ChannelAdapter, type SendOutcome } from './channel.ts';

export const webhookSettingsSchema = z.object({
  url: z.url().max(500),
  language: z.enum(['zh-CN', 'en']).default('zh-CN'),
  timeoutMs: z.int().min(500).max(60_000).default(10_000),
});
export const webhookSecretsSchema = z.object({ secret: z.string().min(16).max(200) });

export function webhookSignature(secret: string, timestampSeconds: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}

export function webhookAdapter(
  s: z.infer<typeof webhookSettingsSchema>,
  secrets: { secret: string },
  clock: () => number = Date.now,
): ChannelAdapter {
  return {
    maxBatch: 1,
    receipts: false,
    async send(messages) {
      const out: SendOutcome[] = [];
      for (const m of messages) {
        const delivery = createHash('sha256').update(m.dedupeKey).digest('hex').slice(0, 32);
        const body = JSON.stringify({
          id: delivery,
          event: m.event,
          language: m.language,
          subject: m.subject,
          text: m.body,
          params: m.templateParams,
        });
        const timestamp = Math.floor(clock() / 1_000);
        const r = await post(s.url, {
          headers: {
            'content-type': 'application/json',
            'x-hall-timestamp': String(timestamp),
            'x-hall-signature': webhookSignature(secrets.secret, timestamp, body),
            'x-hall-delivery': delivery,
          },
          body,
          timeoutMs: s.timeoutMs,
        });
        if (!r.ok)
          out.push(
            r.code === 'timeout'
              ? { status: 'unconfirmed', code: 'timeout' }
              : { status: 'failed', code: r.code, retry: true },
          );
        else if (r.status >= 200 && r.status < 300) out.push({ status: 'sent' });
        else if (r.status === 408 || r.status === 429 || r.status >= 500)
          out.push({
            status: 'failed',
            code: r.status === 429 ? 'rate-limited' : 'provider-error',
            detail: `HTTP ${r.status}`,
            retry: true,
          });
        else out.push({ status: 'failed', code: 'rejected', detail: `HTTP ${r.status}`, retry: false });
      }
      return out;
    },
  };
}
