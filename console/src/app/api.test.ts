import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { errorMessage } from './api.ts';

const refusal = (message: string, data: Record<string, unknown>) =>
  new TRPCClientError(message, { result: { error: { data } } } as never);

describe('error messages', () => {
  it('shows the cloud message naming the field, and translates the reasons a user acts on alike everywhere', () => {
    expect(
      errorMessage(
        refusal('date: not a day on the calendar', { code: 'BAD_REQUEST', reason: 'invalid-input', fields: ['date'] }),
      ),
    ).toBe('date: not a day on the calendar');
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
