import { render, screen, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../../i18n.ts';
import { AuditTable } from './Audit.tsx';

const AT = '2026-11-27T02:05:00.000Z';
const entry = (over: Partial<Parameters<typeof AuditTable>[0]['entries'][number]>) => ({
  id: 1,
  at: AT,
  userId: 'u-1',
  username: 'manager',
  userName: '张经理',
  action: 'alarm.acked',
  entity: 'alarm',
  entityId: 'a-1',
  orgUnitId: 'hall-ft',
  before: null,
  after: null,
  entityName: null,
  timeZone: 'Asia/Shanghai',
  ...over,
});

afterEach(() => setLang('zh-CN'));

describe('audit log', () => {
  it('says who did what to whom in words, with names instead of codes and ids', () => {
    render(() => (
      <AuditTable
        entries={[
          entry({ action: 'alarm.acked', after: { hallId: 'H1', rule: 'long-wait', subject: 'billing' } }),
          entry({
            id: 2,
            action: 'user.role-granted',
            entity: 'user',
            entityId: '5f1c-user-uuid',
            entityName: '李娜',
            after: { role: 'hall_manager', orgUnitId: 'hall-ft' },
          }),
          entry({
            id: 3,
            action: 'auth.failed',
            entity: 'user',
            entityId: '5f1c-user-uuid',
            entityName: '李娜',
            userId: '5f1c-user-uuid',
            username: 'lina',
            userName: '李娜',
            after: { failedLogins: 3, source: '10.0.0.9' },
          }),
          entry({
            id: 4,
            action: 'alert-rules.changed',
            entity: 'hall',
            entityId: 'H1',
            entityName: '福田营业厅',
            before: { longWait: { warningMinutes: 15, criticalMinutes: 25 } },
            after: { longWait: { warningMinutes: 10, criticalMinutes: 25 } },
          }),
          entry({ id: 5, action: 'hub.registered', userId: null, username: null, userName: null }),
        ]}
      />
    ));
    const text = document.body.textContent ?? '';
    expect(text).not.toMatch(/alarm\.acked|user\.role-granted|auth\.failed|5f1c-user-uuid/);
    const ack = screen.getByRole('row', { name: /确认告警/ });
    expect(within(ack).getByText('张经理')).toBeTruthy();
    expect(within(ack).getByText('等候过长')).toBeTruthy();
    // Hall time: 02:05 UTC is 10:05 in Shenzhen.
    expect(within(ack).getByText(/10:05:00/)).toBeTruthy();
    const grant = screen.getByRole('row', { name: /授予角色/ });
    expect(within(grant).getByText('李娜').getAttribute('lang')).toBe('zh-CN');
    expect(within(grant).getByText('角色：厅经理')).toBeTruthy();
    expect(within(screen.getByRole('row', { name: /登录失败/ })).getByText('连续失败 3 次')).toBeTruthy();
    expect(
      within(screen.getByRole('row', { name: /修改告警规则/ })).getByText('等候过长·警告（分钟）：15 → 10'),
    ).toBeTruthy();
    expect(within(screen.getByRole('row', { name: /登记门店主机/ })).getByText('系统')).toBeTruthy();
  });

  it('labels each time with its zone where entries of halls in several zones meet', () => {
    setLang('en');
    render(() => (
      <AuditTable
        entries={[
          entry({}),
          entry({ id: 2, timeZone: 'Asia/Bangkok', action: 'auth.login', entity: 'user', entityName: 'Nguyen' }),
        ]}
      />
    ));
    expect(screen.getByRole('row', { name: /Alarm acknowledged/ }).textContent).toMatch(/10:05:00 GMT\+8/);
    expect(screen.getByRole('row', { name: /Signed in/ }).textContent).toMatch(/09:05:00 GMT\+7/);
  });
});
