/** The org tree, users, their role grants, sessions and the audit log. */
import { boolean, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** HQ → region → hall. A hall unit carries the id of its hall. */
export const orgUnits = pgTable('org_units', {
  id: text('id').primaryKey(),
  parentId: text('parent_id'),
  kind: text('kind').notNull(),
  name: text('name').notNull(),
  hallId: text('hall_id'),
});

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  name: text('name').notNull(),
  /** argon2id; null for a user who signs in only through single sign-on. */
  passwordHash: text('password_hash'),
  /** The OpenID Connect subject this user signs in as (linked at the first single sign-on). */
  oidcSubject: text('oidc_subject').unique(),
  orgUnitId: text('org_unit_id').notNull(),
  staffId: text('staff_id'),
  passwordChangedAt: ts('password_changed_at'),
  disabled: boolean('disabled').notNull().default(false),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** A role granted to a user over an org unit and everything below it. */
export const userRoles = pgTable(
  'user_roles',
  {
    userId: text('user_id').notNull(),
    role: text('role').notNull(),
    orgUnitId: text('org_unit_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role, t.orgUnitId] })],
);

/** Named bundles of roles, granted like roles. */
export const roleGroups = pgTable('role_groups', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  roles: jsonb('roles').$type<string[]>().notNull(),
});

/**
 * Sign-in failures per (username, source), and per username over all sources (source `*`): the
 * per-source lockout and the account-wide slow-down (access.service.ts `checkPassword`). Keyed by the
 * name typed, so an unknown username is throttled exactly like a real one.
 */
export const loginThrottle = pgTable(
  'login_throttle',
  {
    username: text('username').notNull(),
    source: text('source').notNull(),
    failures: integer('failures').notNull().default(0),
    lastFailureAt: ts('last_failure_at'),
    lastSuccessAt: ts('last_success_at'),
    /** On the account row: when the next attempt from an unfamiliar source may start. */
    nextSlotAt: ts('next_slot_at'),
  },
  (t) => [primaryKey({ columns: [t.username, t.source] })],
);

export const sessions = pgTable('sessions', {
  /** sha256 of the session token: a database leak does not leak sessions. */
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id').notNull(),
  csrfToken: text('csrf_token').notNull(),
  expiresAt: ts('expires_at').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const auditLog = pgTable(
  'audit_log',
  {
    id: serial('id').primaryKey(),
    at: ts('at').notNull().defaultNow(),
    userId: text('user_id'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    orgUnitId: text('org_unit_id'),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [index('audit_log_unit_at').on(t.orgUnitId, t.at)],
);
