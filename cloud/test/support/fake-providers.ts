/**
 * Local HTTP servers that answer as the providers' published APIs do, and check what the providers
 * check (signatures, keys), so the adapters are tested against the request and response shapes:
 * - Aliyun SMS (RPC style, 2017-05-25): `SendSms` → `{Code, Message, BizId, RequestId}`; `QuerySendDetails`
 *   → `{Code, TotalCount, SmsSendDetailDTOs: {SmsSendDetailDTO: [{PhoneNum, SendStatus, ErrCode, OutId, …}]}}`;
 * - Tencent Cloud SMS (2021-01-11, TC3): `SendSms` → `{Response: {SendStatusSet: [{PhoneNumber, Code,
 *   SerialNo, SessionContext…}], RequestId}}`; `PullSmsSendStatusByPhoneNumber` → receipts;
 * - DingTalk and WeCom group robots: `{errcode, errmsg}`; the generic webhook: any status.
 * `refuse` holds numbers the provider refuses; `hangMs` delays the answer after the request was taken
 * (a timeout after acceptance); every request is kept in `requests`.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { aliyunSign } from '../../src/modules/notifications/channels/sms-aliyun.adapter.ts';
import { tc3Authorization } from '../../src/modules/notifications/channels/sms-tencent.adapter.ts';
import { dingtalkSign } from '../../src/modules/notifications/channels/robot.adapter.ts';
import { webhookSignature } from '../../src/modules/notifications/channels/webhook.adapter.ts';

export interface FakeRequest {
  path: string;
  action: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeProvider {
  url: string;
  requests: FakeRequest[];
  refuse: Set<string>;
  hangMs: number;
  /** HTTP statuses to answer next (the webhook), in order; then 200. */
  statuses: number[];
  close(): Promise<void>;
}

export const SECRETS = {
  aliyunKeyId: 'LTAI-test',
  aliyunSecret: 'aliyun-secret',
  tencentId: 'AKID-test',
  tencentKey: 'tencent-key',
  dingToken: 'ding-token',
  dingSecret: 'SEC-ding-secret',
  wecomKey: 'wecom-key-1',
  webhookSecret: 'webhook-secret-0123456789',
};

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeProvider(
  kind: 'aliyun' | 'tencent' | 'dingtalk' | 'wecom' | 'webhook',
): Promise<FakeProvider> {
  const requests: FakeRequest[] = [];
  /** Sends the provider took: number → {id, outId/session, at}. */
  const sent: Array<{ number: string; ref: string; serial: string }> = [];
  const p: FakeProvider = { url: '', requests, refuse: new Set(), hangMs: 0, statuses: [], close: async () => {} };
  let serial = 0;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await bodyOf(req);
      const url = new URL(req.url ?? '/', 'http://x');
      const answer = async (status: number, json: unknown) => {
        if (p.hangMs) await new Promise((r) => setTimeout(r, p.hangMs));
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (kind === 'aliyun') {
        const params = Object.fromEntries(new URLSearchParams(body));
        const { Signature, ...rest } = params;
        requests.push({ path: url.pathname, action: params.Action ?? '', headers: req.headers, body });
        if (Signature !== aliyunSign(rest, SECRETS.aliyunSecret))
          return answer(400, { Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched' });
        if (params.Action === 'SendSms') {
          const number = params.PhoneNumbers ?? '';
          if (p.refuse.has(number)) return answer(200, { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号' });
          const biz = `biz-${++serial}`;
          sent.push({ number, ref: params.OutId ?? '', serial: biz });
          return answer(200, { Code: 'OK', Message: 'OK', BizId: biz, RequestId: `req-${serial}` });
        }
        if (params.Action === 'QuerySendDetails') {
          const rows = sent
            .filter((s) => s.number === params.PhoneNumber)
            .map((s) => ({ PhoneNum: s.number, SendStatus: 3, ErrCode: 'DELIVERED', OutId: s.ref, BizId: s.serial }));
          const save = p.hangMs;
          p.hangMs = 0;
          await answer(200, {
            Code: 'OK',
            Message: 'OK',
            TotalCount: rows.length,
            SmsSendDetailDTOs: { SmsSendDetailDTO: rows },
          });
          p.hangMs = save;
          return;
        }
        return answer(404, { Code: 'InvalidAction' });
      }
      if (kind === 'tencent') {
        const action = String(req.headers['x-tc-action'] ?? '');
        requests.push({ path: url.pathname, action, headers: req.headers, body });
        const expected = tc3Authorization({
          secretId: SECRETS.tencentId,
          secretKey: SECRETS.tencentKey,
          host: String(req.headers.host),
          service: 'sms',
          timestamp: Number(req.headers['x-tc-timestamp']),
          body,
        });
        if (req.headers.authorization !== expected)
          return answer(200, {
            Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: 'bad' }, RequestId: 'r' },
          });
        const b = JSON.parse(body) as { PhoneNumberSet?: string[]; SessionContext?: string; PhoneNumber?: string };
        if (action === 'SendSms')
          return answer(200, {
            Response: {
              RequestId: `req-${++serial}`,
              SendStatusSet: (b.PhoneNumberSet ?? []).map((n) => {
                if (p.refuse.has(n))
                  return {
                    PhoneNumber: n,
                    Code: 'InvalidParameterValue.IncorrectPhoneNumber',
                    Message: 'bad number',
                    SerialNo: '',
                    Fee: 0,
                    SessionContext: b.SessionContext,
                    IsoCode: 'CN',
                  };
                const s = `serial-${++serial}`;
                sent.push({ number: n, ref: b.SessionContext ?? '', serial: s });
                return {
                  PhoneNumber: n,
                  Code: 'Ok',
                  Message: 'send success',
                  SerialNo: s,
                  Fee: 1,
                  SessionContext: b.SessionContext,
                  IsoCode: 'CN',
                };
              }),
            },
          });
        if (action === 'PullSmsSendStatusByPhoneNumber') {
          const save = p.hangMs;
          p.hangMs = 0;
          await answer(200, {
            Response: {
              RequestId: `req-${++serial}`,
              PullSmsSendStatusSet: sent
                .filter((s) => s.number === b.PhoneNumber)
                .map((s) => ({
                  PhoneNumber: s.number,
                  SerialNo: s.serial,
                  ReportStatus: 'SUCCESS',
                  Description: 'DELIVRD',
                  SessionContext: s.ref,
                  UserReceiveTime: '2026-11-25 10:00:01',
                })),
            },
          });
          p.hangMs = save;
          return;
        }
        return answer(200, { Response: { Error: { Code: 'InvalidAction' }, RequestId: 'r' } });
      }
      if (kind === 'dingtalk') {
        requests.push({ path: url.pathname, action: 'send', headers: req.headers, body });
        const ts = Number(url.searchParams.get('timestamp'));
        const ok =
          url.searchParams.get('access_token') === SECRETS.dingToken &&
          url.searchParams.get('sign') === dingtalkSign(SECRETS.dingSecret, ts) &&
          Math.abs(Date.now() - ts) < 3_600_000;
        return answer(200, ok ? { errcode: 0, errmsg: 'ok' } : { errcode: 310000, errmsg: 'sign not match' });
      }
      if (kind === 'wecom') {
        requests.push({ path: url.pathname, action: 'send', headers: req.headers, body });
        return answer(
          200,
          url.searchParams.get('key') === SECRETS.wecomKey
            ? { errcode: 0, errmsg: 'ok' }
            : { errcode: 93000, errmsg: 'invalid webhook url' },
        );
      }
      requests.push({ path: url.pathname, action: 'post', headers: req.headers, body });
      const ts = Number(req.headers['x-hall-timestamp']);
      const good = req.headers['x-hall-signature'] === webhookSignature(SECRETS.webhookSecret, ts, body);
      const status = good ? (p.statuses.shift() ?? 200) : 401;
      return answer(status, { ok: status < 300 });
    })();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  p.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  p.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  };
  return p;
}
