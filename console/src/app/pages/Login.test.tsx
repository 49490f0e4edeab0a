import { fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it, vi } from 'vitest';
import { setLang } from '../i18n.ts';
import { LoginForm } from './Login.tsx';

const refusal = (code: string, more: Record<string, unknown> = {}) =>
  new TRPCClientError('refused', { result: { error: { data: { code, ...more } } } } as never);

function fill(username: string, password: string) {
  fireEvent.input(screen.getByLabelText('用户名'), { target: { value: username } });
  fireEvent.input(screen.getByLabelText('密码'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: '登录' }));
}

describe('login form', () => {
  it('names the missing field instead of asking the cloud', async () => {
    const onSubmit = vi.fn(async () => {});
    render(() => <LoginForm sso={false} onSubmit={onSubmit} />);
    fill('', '');
    expect((await screen.findByRole('alert')).textContent).toBe('请填写用户名');
    fill('admin', '');
    expect((await screen.findByRole('alert')).textContent).toBe('请填写密码');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('signs in with the trimmed username and the password as typed', async () => {
    const onSubmit = vi.fn(async () => {});
    render(() => <LoginForm sso={false} onSubmit={onSubmit} />);
    fill('  admin ', ' pass word ');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith('admin', ' pass word '));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says why a sign-in failed: wrong password, locked out from here, busy, or no cloud', async () => {
    const answers = [
      refusal('UNAUTHORIZED'),
      refusal('TOO_MANY_REQUESTS', { reason: 'too-many-attempts', retryAfterSeconds: 900 }),
      refusal('TOO_MANY_REQUESTS', { reason: 'busy', retryAfterSeconds: 1 }),
      new TypeError('fetch failed'),
    ];
    render(() => (
      <LoginForm
        sso={false}
        onSubmit={async () => {
          throw answers.shift();
        }}
      />
    ));
    for (const text of [
      '用户名或密码错误',
      '从此处登录失败次数过多，请 15 分钟后再试',
      '当前登录请求过多，请几秒后再试',
      '无法连接云端服务，请稍后重试',
    ]) {
      fill('admin', 'secret');
      await waitFor(() => expect(screen.getByRole('alert').textContent).toBe(text));
    }
  });

  it('says seconds for a short slow-down, and follows the language switch', async () => {
    render(() => (
      <LoginForm
        sso={false}
        onSubmit={async () => {
          throw refusal('TOO_MANY_REQUESTS', { reason: 'too-many-attempts', retryAfterSeconds: 8 });
        }}
      />
    ));
    fill('admin', 'secret');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('登录尝试过于频繁，请 8 秒后再试'));
    setLang('en');
    try {
      await waitFor(() =>
        expect(screen.getByRole('alert').textContent).toBe('Too many sign-in attempts: try again in 8 s'),
      );
    } finally {
      setLang('zh-CN');
    }
  });

  it('offers single sign-on only when the cloud has it', () => {
    const { unmount } = render(() => <LoginForm sso={false} onSubmit={async () => {}} />);
    expect(screen.queryByRole('link', { name: '使用统一身份认证登录' })).toBeNull();
    unmount();
    render(() => <LoginForm sso onSubmit={async () => {}} />);
    expect(screen.getByRole('link', { name: '使用统一身份认证登录' }).getAttribute('href')).toBe('/auth/oidc/login');
  });
});
