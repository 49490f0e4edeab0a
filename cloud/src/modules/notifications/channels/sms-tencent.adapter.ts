/**
 * SMS through Tencent Cloud (腾讯云短信, API 2021-01-11, TC3-HMAC-SHA256): `SendSms` to up to 200 numbers
 * with one template and its ordered parameters; the answer has one `SendStatusSet` entry per number
 * (`Code: "Ok"` or why that number was refused), so a partial failure is handled number by number.
 * `SessionContext` carries the outbox id; `PullSmsSendStatusByPhoneNumber` returns delivery receipts with
 * it. Tencent lists a message only once its receipt arrives, so a send whose answer was lost and that no
 * receipt mentions is sent again only after `unconfirmedWindowMs` (receipts normally arrive in seconds).
 */
import { createHash, createHmac } from 'node:crypto';
import { z } from 'zod';
import { post, type ChannelAdapter, type CheckOutcome, type OutgoingMessage, type SendOutcome } from './channel.ts';

export const tencentSettingsSchema = z.object({
  endpoint: z.url().max(300).default('https://sms.tencentcloudapi.com'),
  region: z.string().min(1).max(40).default('ap-guangzhou'),
  secretId: z.string().min(1).max(128),
  smsSdkAppId: z.string().min(1).max(64),
  signName: z.string().min(1).max(64),
  templates: z
    .partialRecord(
      z.enum(['raised', 'updated', 'resolved', 'escalated', 'repeated', 'test']),
      z.string().min(1).max(64),
    )
    .refine((t) => Boolean(t.raised), { error: 'a template for raised alarms is required' }),
  /** The message's parameters in the template's order ({1}, {2}, …). */
  paramOrder: z
    .array(z.enum(['hall', 'alarm', 'severity', 'event', 'time', 'detail']))
    .max(10)
    .default(['hall', 'alarm', 'severity', 'time']),
  timeoutMs: z.int().min(500).max(60_000).default(10_000),
  unconfirmedWindowMs: z.int().min(10_000).max(86_400_000).default(600_000),
});
export const tencentSecretsSchema = z.object({ secretKey: z.string().min(1).max(200) });
type Settings = z.infer<typeof tencentSettingsSchema>;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const hmac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s).digest();

/** The TC3-HMAC-SHA256 Authorization header of a JSON POST to `/`. */
export function tc3Authorization(o: {
  secretId: string;
  secretKey: string;
  host: string;
  service: string;
  timestamp: number;
  body: string;
}): string {
  const date = new Date(o.timestamp * 1_000).toISOString().slice(0, 10);
  const canonical = `POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:${o.host}\n\ncontent-type;host\n${sha256(o.body)}`;
  const scope = `${date}/${o.service}/tc3_request`;
  const toSign = `TC3-HMAC-SHA256\n${o.timestamp}\n${scope}\n${sha256(canonical)}`;
  const key = hmac(hmac(hmac(`TC3${o.secretKey}`, date), o.service), 'tc3_request');
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return `TC3-HMAC-SHA256 Credential=${o.secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`;
}

const e164 = (n: string) => (n.startsWith('+') ? n : `+86${n}`);
const RATE = /^(LimitExceeded|RequestLimitExceeded)/;
const NUMBER =
  /^(InvalidParameterValue\.IncorrectPhoneNumber|FailedOperation\.PhoneNumberInBlacklist|UnsupportedOperation\.(ContainDomesticAndInternationalPhoneNumber|UnsupportedRegion))/;

export function tencentSmsAdapter(
  s: Settings,
  secrets: { secretKey: string },
  clock: () => number = Date.now,
): ChannelAdapter {
  const host = new URL(s.endpoint).host;
  const call = (action: string, payload: unknown) => {
    const body = JSON.stringify(payload);
    const timestamp = Math.floor(clock() / 1_000);
    return post(`${s.endpoint}/`, {
      headers: {
        'content-type': 'application/json; charset=utf-8',
        authorization: tc3Authorization({
          secretId: s.secretId,
          secretKey: secrets.secretKey,
          host,
          service: 'sms',
          timestamp,
          body,
        }),
        'x-tc-action': action,
        'x-tc-timestamp': String(timestamp),
        'x-tc-version': '2021-01-11',
        'x-tc-region': s.region,
      },
      body,
      timeoutMs: s.timeoutMs,
    });
  };
  return {
    maxBatch: 200,
    receipts: true,
    /** Messages with the same template and parameters go in one request; the rest one request each. */
    async send(messages: OutgoingMessage[]): Promise<SendOutcome[]> {
      const results = new Map<OutgoingMessage, SendOutcome>();
      const groups = new Map<string, OutgoingMessage[]>();
      for (const m of messages) {
        const template = s.templates[m.event as keyof Settings['templates']] ?? s.templates.raised;
        const params = s.paramOrder.map((k) => m.templateParams?.[k] ?? '');
        const key = JSON.stringify([template, params]);
        groups.set(key, [...(groups.get(key) ?? []), m]);
      }
      for (const [key, group] of groups) {
        const [template, params] = JSON.parse(key) as [string, string[]];
        const r = await call('SendSms', {
          PhoneNumberSet: group.map((m) => e164(m.recipient)),
          SmsSdkAppId: s.smsSdkAppId,
          SignName: s.signName,
          TemplateId: template,
          TemplateParamSet: params,
          // One context for the request: the receipts name the message by number + this.
          SessionContext: group.map((m) => m.id).join(','),
        });
        if (!r.ok) {
          for (const m of group)
            results.set(
              m,
              r.code === 'timeout'
                ? { status: 'unconfirmed', code: 'timeout' }
                : { status: 'failed', code: r.code, retry: true },
            );
          continue;
        }
        const resp = (
          (r.json ?? {}) as {
            Response?: {
              Error?: { Code?: string };
              SendStatusSet?: Array<{ PhoneNumber?: string; Code?: string; SerialNo?: string }>;
            };
          }
        ).Response;
        if (!resp || resp.Error) {
          const code = resp?.Error?.Code ?? `HTTP ${r.status}`;
          const outcome: SendOutcome = code.startsWith('AuthFailure')
            ? { status: 'failed', code: 'auth-failed', detail: code, retry: true }
            : RATE.test(code)
              ? { status: 'failed', code: 'rate-limited', detail: code, retry: true }
              : code.startsWith('InternalError') || !resp
                ? { status: 'failed', code: 'provider-error', detail: code, retry: true }
                : { status: 'failed', code: 'rejected', detail: code, retry: false };
          for (const m of group) results.set(m, outcome);
          continue;
        }
        const byNumber = new Map((resp.SendStatusSet ?? []).map((x) => [x.PhoneNumber, x]));
        for (const m of group) {
          const st = byNumber.get(e164(m.recipient));
          if (!st)
            results.set(m, { status: 'unconfirmed', code: 'provider-error', detail: 'no status for the number' });
          else if (st.Code === 'Ok')
            results.set(m, { status: 'sent', ...(st.SerialNo ? { providerMessageId: st.SerialNo } : {}) });
          else if (st.Code && NUMBER.test(st.Code))
            results.set(m, { status: 'failed', code: 'recipient-refused', detail: st.Code, retry: false });
          else if (st.Code && RATE.test(st.Code))
            results.set(m, { status: 'failed', code: 'rate-limited', detail: st.Code, retry: true });
          else results.set(m, { status: 'failed', code: 'rejected', detail: st.Code ?? 'unknown', retry: false });
        }
      }
      return messages.map((m) => results.get(m) as SendOutcome);
    },
    async check(m: OutgoingMessage): Promise<CheckOutcome> {
      const r = await call('PullSmsSendStatusByPhoneNumber', {
        BeginTime: Math.floor(m.attemptedAt.getTime() / 1_000) - 60,
        Offset: 0,
        Limit: 100,
        PhoneNumber: e164(m.recipient),
        SmsSdkAppId: s.smsSdkAppId,
      });
      if (!r.ok) throw new Error(`PullSmsSendStatusByPhoneNumber: ${r.code}`);
      const resp = (
        (r.json ?? {}) as {
          Response?: {
            Error?: { Code?: string };
            PullSmsSendStatusSet?: Array<{
              SessionContext?: string;
              SerialNo?: string;
              ReportStatus?: string;
              Description?: string;
            }>;
          };
        }
      ).Response;
      if (!resp || resp.Error) throw new Error(`PullSmsSendStatusByPhoneNumber: ${resp?.Error?.Code ?? r.status}`);
      const found = (resp.PullSmsSendStatusSet ?? []).find(
        (x) =>
          (x.SessionContext ?? '').split(',').includes(String(m.id)) ||
          (m.providerMessageId !== null && x.SerialNo === m.providerMessageId),
      );
      if (found?.ReportStatus === 'SUCCESS')
        return { status: 'delivered', ...(found.SerialNo ? { providerMessageId: found.SerialNo } : {}) };
      if (found?.ReportStatus === 'FAIL')
        return { status: 'failed', code: 'undelivered', detail: found.Description ?? 'FAIL' };
      if (m.providerMessageId) return { status: 'sent', providerMessageId: m.providerMessageId };
      // No receipt yet: unknown only once receipts would surely have come.
      return clock() - m.attemptedAt.getTime() > s.unconfirmedWindowMs ? { status: 'unknown' } : { status: 'pending' };
    },
  };
}
