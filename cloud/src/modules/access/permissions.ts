/**
 * Who may do what, as data: modules, the roles' view/edit permissions per module, and the scope rule.
 * A grant (user, role, org unit) applies to that unit and everything below it; a staff member's own
 * records are open to them regardless ("self").
 */
export const MODULES = [
  'org',
  'users',
  'devices',
  'alerts',
  'analytics',
  'audit',
  'scheduling',
  'performance',
  'inventory',
  'training',
  /**
   * The training library (资料库): its materials are read by every clerk as well (what their plan and
   * their sessions ask them to read), while sessions, exams' results, plans and suggestions stay `training`.
   */
  'library',
  /** 系统维护: background jobs, notification channels and their delivery log. */
  'system',
] as const;
export type Module = (typeof MODULES)[number];
export type Level = 'view' | 'edit';

export const ROLES = ['administrator', 'region_manager', 'hall_manager', 'staff', 'trainer', 'logistics'] as const;
export type Role = (typeof ROLES)[number];

const all = (level: Level) => Object.fromEntries(MODULES.map((m) => [m, level])) as Record<Module, Level>;

/** The highest level each role has per module (edit includes view). */
export const ROLE_PERMISSIONS: Record<Role, Partial<Record<Module, Level>>> = {
  administrator: all('edit'),
  region_manager: {
    ...all('view'),
    alerts: 'edit',
    scheduling: 'edit',
    performance: 'edit',
    inventory: 'edit',
    // The platform's jobs and channels (secrets of SMTP and SMS accounts) are the administrators'.
    system: undefined,
  },
  hall_manager: {
    org: 'view',
    users: 'view',
    devices: 'view',
    alerts: 'edit',
    analytics: 'view',
    scheduling: 'edit',
    performance: 'edit',
    inventory: 'edit',
    training: 'view',
    library: 'view',
  },
  staff: { library: 'view' },
  trainer: { org: 'view', training: 'edit', library: 'edit', performance: 'view' },
  logistics: { org: 'view', inventory: 'edit' },
};

export function roleAllows(role: Role, module: Module, level: Level): boolean {
  const has = ROLE_PERMISSIONS[role]?.[module];
  return has === 'edit' || (has === 'view' && level === 'view');
}

/** What a procedure needs, declared on every procedure (tRPC meta); a procedure without it fails a test. */
export type Permission =
  | { kind: 'public' }
  | { kind: 'hub' }
  | { kind: 'signed-in' }
  | { kind: 'module'; module: Module; level: Level; scope: Scope };

/**
 * Where a module permission must hold:
 * - `org-unit`, `hall`, `self-or-org-unit`: at the unit the input names (a hall's unit, a user's unit;
 *   "self" passes for one's own record);
 * - `any-unit`: somewhere — the procedure itself answers only what lies under the caller's grants
 *   (lists, the overview);
 * - `org-wide`: at the root of the tree — the procedure changes something that holds for the whole
 *   organisation (role groups), which a grant over a region or a hall does not cover;
 * - `employee`: at the hall of the employee the input names (`employeeId`); for `view`, the clerk who is
 *   that employee (their console account is linked to it) passes too ("self").
 */
export type Scope = 'org-unit' | 'hall' | 'self-or-org-unit' | 'any-unit' | 'org-wide' | 'employee';
