import { describe, expect, it } from 'vitest';
import { sectionEntry, withSection } from './staff-config.ts';

describe("the hall config's staff section", () => {
  const services = new Set(['billing', 'sim']);
  it('carries a clerk’s number, name, PIN hash and the services of level 1 and up the hall has, with their levels', () => {
    expect(
      sectionEntry(
        {
          staffId: 'E1',
          name: '王芳',
          pinHash: 'scrypt$1$1$1$a$b',
          role: 'clerk',
          skills: { sim: 1, billing: 3, gone: 2 },
        },
        services,
      ),
    ).toEqual({
      id: 'E1',
      name: '王芳',
      pinHash: 'scrypt$1$1$1$a$b',
      skills: ['billing', 'sim'],
      levels: { billing: 3, sim: 1 },
    });
    // No skills recorded yet: the hub's "any service" (no skills key), no PIN: no hash key; a clerk: no role key.
    expect(sectionEntry({ staffId: 'E2', name: '李强', pinHash: null, role: 'clerk', skills: {} }, services)).toEqual({
      id: 'E2',
      name: '李强',
    });
  });
  it('carries a lead’s or a manager’s role (who may score on-site at the hub)', () => {
    expect(sectionEntry({ staffId: 'M1', name: '陈静', pinHash: null, role: 'manager', skills: {} }, services)).toEqual(
      { id: 'M1', name: '陈静', role: 'manager' },
    );
    expect(sectionEntry({ staffId: 'L1', name: '赵敏', pinHash: null, role: 'lead', skills: {} }, services)).toEqual({
      id: 'L1',
      name: '赵敏',
      role: 'lead',
    });
  });
  it('drops the roster shifts of clerks no longer in the section', () => {
    const doc = withSection(
      {
        staff: [{ id: 'E1' }, { id: 'E2' }],
        roster: {
          version: 1,
          days: [{ date: '2026-12-01', shifts: [{ staffId: 'E1' }, { staffId: 'E2' }], required: [] }],
        },
      },
      [{ id: 'E1', name: '王芳' }],
    );
    expect(doc.staff).toEqual([{ id: 'E1', name: '王芳' }]);
    expect((doc.roster as { days: Array<{ shifts: unknown[] }> }).days[0]?.shifts).toEqual([{ staffId: 'E1' }]);
  });
});
