import { describe, expect, it } from 'vitest';
import { sectionEntry, withSection } from './staff-config.ts';

describe("the hall config's staff section", () => {
  const services = new Set(['billing', 'sim']);
  it('carries a clerk’s number, name, PIN hash and the services of level 1 and up the hall has, with their levels', () => {
    expect(
      sectionEntry(
        { staffId: 'E1', name: '王芳', pinHash: 'scrypt$1$1$1$a$b', skills: { sim: 1, billing: 3, gone: 2 } },
        services,
      ),
    ).toEqual({
      id: 'E1',
      name: '王芳',
      pinHash: 'scrypt$1$1$1$a$b',
      skills: ['billing', 'sim'],
      levels: { billing: 3, sim: 1 },
    });
    // No skills recorded yet: the hub's "any service" (no skills key), no PIN: no hash key.
    expect(sectionEntry({ staffId: 'E2', name: '李强', pinHash: null, skills: {} }, services)).toEqual({
      id: 'E2',
      name: '李强',
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
