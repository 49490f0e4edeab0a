import { fireEvent, render, screen, within } from '@solidjs/testing-library';
import { describe, expect, it, vi } from 'vitest';
import { CountersTable } from './Counters.tsx';

const T = Date.UTC(2026, 10, 27, 1, 0, 0);
const counter = (over: Partial<Parameters<typeof CountersTable>[0]['counters'][number]>) => ({
  counterId: 'C04',
  counterName: '4号窗口',
  staffId: 'E1001',
  staffName: '王芳',
  openedAt: T,
  releaseRequestedAt: null,
  releaseRequestedBy: null,
  releaseLapsed: false,
  ...over,
});

describe('counters signed in', () => {
  it('offers a release for a signed-in counter and says when one waits for the hub or lapsed', () => {
    const onRelease = vi.fn();
    const rows = [
      counter({}),
      counter({ counterId: 'C05', counterName: '5号窗口', releaseRequestedAt: T, releaseRequestedBy: 'boss' }),
      counter({
        counterId: 'C06',
        counterName: '6号窗口',
        releaseRequestedAt: T,
        releaseRequestedBy: 'boss',
        releaseLapsed: true,
      }),
    ];
    render(() => <CountersTable counters={rows} onRelease={onRelease} />);
    fireEvent.click(screen.getByRole('button', { name: '释放 4号窗口 王芳 (E1001)' }));
    expect(onRelease).toHaveBeenCalledWith(rows[0]);
    const pending = screen.getByRole('row', { name: /5号窗口/ });
    expect(within(pending).getByText('boss 已释放，等待门店主机执行')).toBeTruthy();
    expect(within(pending).queryByRole('button')).toBeNull();
    expect(within(screen.getByRole('row', { name: /6号窗口/ })).getByText(/未被门店主机执行/)).toBeTruthy();
  });

  it('says when no counter is signed in', () => {
    render(() => <CountersTable counters={[]} onRelease={() => {}} />);
    expect(screen.getByText('目前没有窗口签到')).toBeTruthy();
  });
});
