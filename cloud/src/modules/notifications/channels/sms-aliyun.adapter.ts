/**
 * SMS through Aliyun (阿里云短信, dysmsapi 2017-05-25, RPC style): `SendSms` with a sign name, a template
 * code and its parameters as JSON; `OutId` carries the outbox id so that `QuerySendDetails` (by number
 * and day) finds what became of a send whose answer was lost. One number per request: Aliyun answers a
 * batch as a whole (one BizId), so per-number results come from the receipts; a refused number is
 * refused alone. Signature: HMAC-SHA1 over `POST&%2F&` + the percent-encoded sorted query, key
 * `AccessKeySecret&` (Aliyun's RPC signature v1).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { post, type ChannelAdapter, type CheckOutcome, type OutgoingMessage, type SendOutcome } from './channel.ts';

const templates = z.partialRecord(
  z.enum(['raised', 'updated', 'resolved', 'escalated', 'repeated', 'test']),
  z.string().min(1).max(64),
);

export const aliyunSettingsSchema = z.object({
  endpoint: z.url().max(300).default('https://dysmsapi.aliyuncs.com'),
  accessKeyId: z.string().min(1).max(128),
  signName: z.string().min(1).max(64),
  /** Template code per message kind; `raised` is used for kinds without one. */
  templates: templates.refine((t) => Boolean(t.raised), { error: 'a template for raised alarms is required' }),
  timeoutMs: z.int().min(500).max(60_000).default(10_000),
});
export const aliyunSecretsSchema = z.object({ accessKeySecret: z.string().min(1).max(200) });
type Settings = z.infer<typeof aliyunSettingsSchema>;

/** RFC 3986 percent-encoding as Aliyun's signature wants it. */
const enc = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function aliyunSign(params: Record<string, string>, secret: string, method = 'POST'): string {
  const query = Object.keys(params)
    .sort()
    .map((k) => `${enc(k)}=${enc(params[k] as string)}`)
    .join('&');
  return createHmac('sha1', `${secret}&`)
    .update(`${method}&${enc('/')}&${enc(query)}`)
    .digest('base64');
}

/** Error codes Aliyun answers that are about the number (never retried) and about rates (later). */
const NUMBER_REFUSED =
  /^isv\.(MOBILE_NUMBER_ILLEGAL|MOBILE_COUNT_OVER_LIMIT|BLACK_KEY_CONTROL_LIMIT|DAY_LIMIT_CONTROL)/;
const RATE = /^isv\.(BUSINESS_LIMIT_CONTROL|OUT_OF_SERVICE|AMOUNT_NOT_ENOUGH)|^Throttling/;
const AUTH = /^(InvalidAccessKeyId|SignatureDoesNotMatch|isv\.(SMS_SIGNATURE_ILLEGAL|SMS_TEMPLATE_ILLEGAL|ACCOUNT_))/;

const day = (d: Date) => {
  // Aliyun's SendDate is the day in China.
  const cn = new Date(d.getTime() + 8 * 3_600_000);
  return `${cn.getUTCFullYear()}${String(cn.getUTCMonth() + 1).padStart(2, '0')}${String(cn.getUTCDate()).padStart(2, '0')}`;
};
const mainland = (n: string) => n.replace(/^\+?86/, '');

export function aliyunSmsAdapter(s: Settings, secrets: { accessKeySecret: string }): ChannelAdapter {
  const call = async (action: string, extra: Record<string, string>) => {
    const params: Record<string, string> = {
      AccessKeyId: s.accessKeyId,
      Action: action,
      Format: 'JSON',
      RegionId: 'cn-hangzhou',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      Version: '2017-05-25',
      ...extra,
    };
    params.Signature = aliyunSign(params, secrets.accessKeySecret);
    return post(`${s.endpoint}/`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
      timeoutMs: s.timeoutMs,
    });
  };
  return {
    maxBatch: 1,
    receipts: true,
    async send(messages: OutgoingMessage[]): Promise<SendOutcome[]> {
      const out: SendOutcome[] = [];
      for (const m of messages) {
        const template = s.templates[m.event as keyof Settings['templates']] ?? s.templates.raised;
        const r = await call('SendSms', {
          PhoneNumbers: mainland(m.recipient),
          SignName: s.signName,
          TemplateCode: template as string,
          TemplateParam: JSON.stringify(m.templateParams ?? {}),
          OutId: String(m.id),
        });
        if (!r.ok) {
          // The request may have reached Aliyun: ask before sending again.
          out.push(
            r.code === 'timeout'
              ? { status: 'unconfirmed', code: 'timeout' }
              : { status: 'failed', code: r.code, retry: true },
          );
          continue;
        }
        const b = (r.json ?? {}) as { Code?: string; BizId?: string };
        if (b.Code === 'OK') out.push({ status: 'sent', ...(b.BizId ? { providerMessageId: b.BizId } : {}) });
        else if (b.Code && NUMBER_REFUSED.test(b.Code))
          out.push({ status: 'failed', code: 'recipient-refused', detail: b.Code, retry: false });
        else if (b.Code && RATE.test(b.Code))
          out.push({ status: 'failed', code: 'rate-limited', detail: b.Code, retry: true });
        else if (b.Code && AUTH.test(b.Code))
          out.push({ status: 'failed', code: 'auth-failed', detail: b.Code, retry: true });
        else if (r.status >= 500 || !b.Code)
          out.push({ status: 'failed', code: 'provider-error', detail: b.Code ?? `HTTP ${r.status}`, retry: true });
        else out.push({ status: 'failed', code: 'rejected', detail: b.Code, retry: false });
      }
      return out;
    },
    /** QuerySendDetails by number and day; the record is the one with our OutId (or the BizId we got). */
    async check(m: OutgoingMessage): Promise<CheckOutcome> {
      const r = await call('QuerySendDetails', {
        PhoneNumber: mainland(m.recipient),
        SendDate: day(m.attemptedAt),
        PageSize: '50',
        CurrentPage: '1',
        ...(m.providerMessageId ? { BizId: m.providerMessageId } : {}),
      });
      if (!r.ok) throw new Error(`QuerySendDetails: ${r.code}`);
      const b = (r.json ?? {}) as {
        Code?: string;
        SmsSendDetailDTOs?: {
          SmsSendDetailDTO?: Array<{ OutId?: string; SendStatus?: number; ErrCode?: string; BizId?: string }>;
        };
      };
      if (b.Code !== 'OK') throw new Error(`QuerySendDetails: ${b.Code ?? r.status}`);
      const found = (b.SmsSendDetailDTOs?.SmsSendDetailDTO ?? []).find((d) => d.OutId === String(m.id));
      if (!found) return { status: 'unknown' };
      const id = found.BizId ?? m.providerMessageId ?? undefined;
      if (found.SendStatus === 3) return { status: 'delivered', ...(id ? { providerMessageId: id } : {}) };
      if (found.SendStatus === 2) return { status: 'failed', code: 'undelivered', detail: found.ErrCode ?? 'failed' };
      return { status: 'sent', ...(id ? { providerMessageId: id } : {}) };
    },
  };
}
