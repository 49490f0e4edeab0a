import { TRPCClientError } from '@trpc/client';
import { afterEach, describe, expect, it } from 'vitest';
import { errorMessage } from './api.ts';
import { setLang } from './i18n.ts';
import { en } from './messages/en.ts';
import { zhCN } from './messages/zh-CN.ts';
import { ERROR_DETAILS } from '@hall/devices/error-details';

const refusal = (message: string, data: Record<string, unknown>) =>
  new TRPCClientError(message, { result: { error: { data } } } as never);

afterEach(() => setLang('zh-CN'));

describe('error messages', () => {
  it("says what went wrong in the console's words, never the cloud's English sentence", () => {
    const short = refusal('password: at least 10 characters', {
      code: 'BAD_REQUEST',
      reason: 'invalid-input',
      fields: ['password'],
      detail: { code: 'password-too-short', params: { min: 10 } },
    });
    expect(errorMessage(short)).toBe('密码至少需要 10 位');
    setLang('en');
    expect(errorMessage(short)).toBe('The password needs at least 10 characters');
    setLang('zh-CN');
    expect(
      errorMessage(
        refusal('hall config: alerts.longWait.criticalMinutes: too small', {
          code: 'BAD_REQUEST',
          reason: 'invalid-input',
          fields: ['alerts.longWait.criticalMinutes'],
          detail: { code: 'hall-config-invalid' },
        }),
      ),
    ).toBe('配置未通过校验：等候过长·严重（分钟）');
    // A refused input without a detail: the fields by the labels the user sees.
    expect(
      errorMessage(
        refusal('date: not a day on the calendar', { code: 'BAD_REQUEST', reason: 'invalid-input', fields: ['date'] }),
      ),
    ).toBe('以下内容填写有误：日期');
    expect(
      errorMessage(
        refusal('device kiosk-9 exists', {
          code: 'CONFLICT',
          reason: 'conflict',
          detail: { code: 'device-exists', params: { device: 'kiosk-9' } },
        }),
      ),
    ).toBe('设备 kiosk-9 已存在');
  });

  it('translates the reasons a user acts on alike everywhere', () => {
    expect(
      errorMessage(
        refusal('internal error (ref 0a1b2c3d4e5f)', {
          code: 'INTERNAL_SERVER_ERROR',
          reason: 'internal',
          correlationId: '0a1b2c3d4e5f',
        }),
      ),
    ).toBe('云端内部错误（编号 0a1b2c3d4e5f），请把编号告诉管理员');
    expect(
      errorMessage(refusal('request body too large', { code: 'PAYLOAD_TOO_LARGE', reason: 'body-too-large' })),
    ).toBe('提交的内容过大');
    expect(
      errorMessage(
        refusal('slow down', { code: 'TOO_MANY_REQUESTS', reason: 'too-many-attempts', retryAfterSeconds: 30 }),
      ),
    ).toBe('请求过于频繁，请 30 秒后再试');
    expect(
      errorMessage(refusal('counter C01 of hall H1 is not open', { code: 'NOT_FOUND', reason: 'not-found' })),
    ).toBe('要操作的对象已不存在或已变化，请刷新页面');
    expect(errorMessage(refusal('not allowed', { code: 'FORBIDDEN', reason: 'forbidden' }))).toBe(
      '您没有执行此操作的权限',
    );
  });

  it("says the cloud cannot be reached when no answer came, not the browser's English", () => {
    expect(errorMessage(new TRPCClientError('Failed to fetch'))).toBe('无法连接云端服务，请稍后重试');
  });
});

describe('the cloud’s detail codes', () => {
  it('each has a sentence in both catalogs (a code without one would show the cloud’s English)', () => {
    const missing = ERROR_DETAILS.flatMap((code) =>
      (['zh-CN', 'en'] as const)
        .filter((lang) => !(`error.detail.${code}` in (lang === 'en' ? en : zhCN)))
        .map((lang) => `${lang}: ${code}`),
    );
    expect(missing).toEqual([]);
  });
});
