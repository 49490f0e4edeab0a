import { Route, Router } from '@solidjs/router';
import { fireEvent, render, screen } from '@solidjs/testing-library';
import { TRPCClientError } from '@trpc/client';
import { createResource } from 'solid-js';
import { describe, expect, it, vi } from 'vitest';
import { Loaded, NotFoundPage } from './States.tsx';

const refusal = (data: Record<string, unknown>) =>
  new TRPCClientError('needs view on analytics here', { result: { error: { data } } } as never);

/** A page whose data comes from `load`, shown in the router (the states link to the overview). */
function page(load: () => Promise<string>) {
  render(() => (
    <Router>
      <Route
        path="*"
        component={() => {
          const [r, { refetch }] = createResource(load);
          return (
            <Loaded of={r} retry={() => void refetch()} refused="state.refusedHall" notFound="state.noSuchHall">
              {(v) => <p>content: {v()}</p>}
            </Loaded>
          );
        }}
      />
    </Router>
  ));
}

describe('page states', () => {
  it('says it is loading until the data is there, then shows it', async () => {
    let resolve!: (v: string) => void;
    page(() => new Promise<string>((r) => (resolve = r)));
    expect(screen.getByRole('status').textContent).toBe('加载中…');
    resolve('南山');
    expect(await screen.findByText('content: 南山')).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('says in words that the user may not see another hall, instead of loading for ever', async () => {
    page(() => Promise.reject(refusal({ code: 'FORBIDDEN', reason: 'forbidden' })));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('没有权限');
    expect(alert.textContent).toContain('您的账号没有查看该营业厅数据的权限');
    expect(alert.textContent).not.toMatch(/needs view/);
    expect(screen.queryByText('加载中…')).toBeNull();
  });

  it('says an unknown hall does not exist, with a way back', async () => {
    page(() => Promise.reject(refusal({ code: 'NOT_FOUND', reason: 'not-found' })));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('没有这个营业厅');
    expect(screen.getByRole('link', { name: '返回营业厅总览' }).getAttribute('href')).toBe('/');
  });

  it('shows a failed first load with a retry that loads again', async () => {
    const load = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce('福田');
    page(load);
    expect((await screen.findByRole('alert')).textContent).toContain('无法连接云端服务');
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(await screen.findByText('content: 福田')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('has a page for an address the console does not have', () => {
    render(() => (
      <Router>
        <Route path="*" component={NotFoundPage} />
      </Router>
    ));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('找不到页面');
    expect(screen.getByRole('alert').textContent).toContain('没有这个页面');
  });
});
