/**
 * Group robots of the chat tools Chinese operators use, posting into a group.
 * - WeCom (企业微信) group robot: `POST {base}/cgi-bin/webhook/send?key=KEY` — the key in the URL is the
 *   credential; body `{"msgtype":"text","text":{"content":…}}`; answer `{"errcode":0,"errmsg":"ok"}`
 *   (45009: over the limit of 20 messages a minute).
 * - DingTalk (钉钉) custom robot with a signing secret: `POST {base}/robot/send?access_token=T&timestamp=MS
 *   &sign=S`, S = urlencode(base64(HMAC-SHA256(secret, MS + "\n" + secret))); the same body and answer
 *   shape (130101: sending too fast; 310000: signature or keyword refused).
 * Neither has a status query: a post whose answer was lost is posted again (a group may see it twice).
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { post, type ChannelAdapter, type OutgoingMessage, type SendOutcome } from './channel.ts';

export const robotSettingsSchema = z.object({
  /** The provider's address; a test or a proxy in the hall's network may stand in. */
  baseUrl: z.url().max(300).optional(),
  language: z.enum(['zh-CN', 'en']).default('zh-CN'),
  timeoutMs: z.int().min(500).max(60_000).default(10_000),
});
export const wecomSecretsSchema = z.object({ key: z.string().min(1).max(200) });
export const dingtalkSecretsSchema = z.object({
  accessToken: z.string().min(1).max(200),
  secret: z.string().min(1).max(200),
});
type RobotSettings = z.infer<typeof robotSettingsSchema>;

const RATE_LIMITED = new Set([45009, 130101]);

function outcomeOf(r: Awaited<ReturnType<typeof post>>): SendOutcome {
  if (!r.ok)
    return r.code === 'timeout'
      ? { status: 'unconfirmed', code: 'timeout' }
      : { status: 'failed', code: r.code, retry: true };
  const body = (r.json ?? {}) as { errcode?: number; errmsg?: string };
  if (r.status >= 500) return { status: 'failed', code: 'provider-error', detail: `HTTP ${r.status}`, retry: true };
  if (r.status !== 200 || typeof body.errcode !== 'number')
    return { status: 'failed', code: 'provider-error', detail: `HTTP ${r.status}`, retry: true };
  if (body.errcode === 0) return { status: 'sent' };
  if (RATE_LIMITED.has(body.errcode))
    return { status: 'failed', code: 'rate-limited', detail: `errcode ${body.errcode}`, retry: true };
  return { status: 'failed', code: 'rejected', detail: `errcode ${body.errcode}`, retry: false };
}

const textOf = (m: OutgoingMessage) => ({ msgtype: 'text', text: { content: `${m.subject}\n${m.body}` } });

export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

export function wecomAdapter(s: RobotSettings, secrets: { key: string }): ChannelAdapter {
  const base = s.baseUrl ?? 'https://qyapi.weixin.qq.com';
  return {
    maxBatch: 1,
    receipts: false,
    async send(messages) {
      const out: SendOutcome[] = [];
      for (const m of messages) {
        const url = `${base}/cgi-bin/webhook/send?key=${encodeURIComponent(secrets.key)}`;
        out.push(
          outcomeOf(
            await post(url, {
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(textOf(m)),
              timeoutMs: s.timeoutMs,
            }),
          ),
        );
      }
      return out;
    },
  };
}

export function dingtalkAdapter(
  s: RobotSettings,
  secrets: { accessToken: string; secret: string },
  clock: () => number = Date.now,
): ChannelAdapter {
  const base = s.baseUrl ?? 'https://oapi.dingtalk.com';
  return {
    maxBatch: 1,
    receipts: false,
    async send(messages) {
      const out: SendOutcome[] = [];
      for (const m of messages) {
        const timestamp = clock();
        const sign = encodeURIComponent(dingtalkSign(secrets.secret, timestamp));
        const url = `${base}/robot/send?access_token=${encodeURIComponent(secrets.accessToken)}&timestamp=${timestamp}&sign=${sign}`;
        out.push(
          outcomeOf(
            await post(url, {
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(textOf(m)),
              timeoutMs: s.timeoutMs,
            }),
          ),
        );
      }
      return out;
    },
  };
}
