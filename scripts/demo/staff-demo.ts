/**
 * The demo's staff records, made through the cloud's staff API at the first start as a hall manager would:
 * each hall's employees (imported by the cloud from the hall's config) get the contract of their
 * scenario clerk (full-time 32–44 h over 5 days; part-time 20–30 h over 4) and skill levels from the
 * scenario's skill weights (1 → expert, ≥ 0.5 → independent, less → learning); and each hall gets one
 * clerk console account (role staff, linked to its first clerk) whose password is generated here, kept
 * in the hall's credentials.json and printed by npm start. Idempotent: a hall whose clerk account
 * exists is left alone, so later starts sign in nobody.
 */
import { randomBytes } from 'node:crypto';
import type { Scenario } from '@hall/simulators';
import { saveCredentials, type DemoCredentials } from './demo-hall.ts';

export interface DemoApi {
  call: <T>(path: string, input: unknown) => Promise<T>;
  get: <T>(path: string, input?: unknown) => Promise<T>;
}

interface DemoHall {
  scenario: Scenario;
  dir: string;
  credentials: DemoCredentials & { clerk?: ClerkAccount };
}

export interface ClerkAccount {
  username: string;
  password: string;
  name: string;
  staffId: string;
}

/** A scenario's skill weight as a level: 1 expert (3), from 0.5 independent (2), below learning (1). */
export const levelOf = (weight: number) => (weight >= 1 ? 3 : weight >= 0.5 ? 2 : 1);

export const contractOf = (kind: 'full-time' | 'part-time' | undefined) =>
  kind === 'part-time'
    ? { kind, minWeekHours: 20, maxWeekHours: 30, maxDaysPerWeek: 4, minRestHours: 11 }
    : { kind: 'full-time' as const, minWeekHours: 32, maxWeekHours: 44, maxDaysPerWeek: 5, minRestHours: 11 };

type Employee = { id: string; staffId: string; name: string };

/** Gives every demo hall's employees their contracts and skills, and each hall a clerk account. */
export async function demoStaff(halls: DemoHall[], signIn: () => Promise<DemoApi>) {
  const pending = halls.filter((h) => !h.credentials.clerk);
  if (!pending.length) return;
  const api = await signIn();
  const units = await api.get<Array<{ id: string; hallId: string | null }>>('org.tree');
  for (const h of pending) {
    const hallId = h.scenario.hall.id;
    const { items } = await api.get<{ items: Employee[] }>('staff.list', { hallId, limit: 200 });
    const byNumber = new Map(items.map((e) => [e.staffId, e]));
    for (const s of h.scenario.staff) {
      const e = byNumber.get(s.id);
      if (!e) continue;
      const skills = Object.fromEntries(
        Object.entries(s.skills)
          .filter(([, w]) => w > 0)
          .map(([id, w]) => [id, levelOf(w)]),
      );
      await api.call('staff.update', { employeeId: e.id, contract: contractOf(s.contract), skills });
    }
    // The visitor's clerk (the counter npm start leaves to whoever tries the counter page) is on no
    // roster: learning every service, they may sign in but the engine plans nobody with that level.
    const visitor = h.credentials.visitor && byNumber.get(h.credentials.visitor.staffId);
    if (visitor)
      await api.call('staff.update', {
        employeeId: visitor.id,
        skills: Object.fromEntries(h.scenario.services.map((s) => [s.id, 1])),
      });
    const first = h.scenario.staff.map((s) => byNumber.get(s.id)).find((e): e is Employee => Boolean(e));
    const unit = units.find((u) => u.hallId === hallId);
    if (!first || !unit) continue;
    const clerk: ClerkAccount = {
      username: `clerk-${hallId}`.toLowerCase(),
      password: `${randomBytes(9).toString('base64url')}-Aa1`,
      name: first.name,
      staffId: first.staffId,
    };
    const { userId } = await api.call<{ userId: string }>('users.create', {
      orgUnitId: unit.id,
      username: clerk.username,
      name: clerk.name,
      password: clerk.password,
      staffId: clerk.staffId,
    });
    await api.call('users.grant', { orgUnitId: unit.id, userId, role: 'staff' });
    await api.call('staff.update', { employeeId: first.id, userId });
    h.credentials.clerk = clerk;
    saveCredentials(h.dir, h.credentials);
  }
}

/** The clerk accounts for npm start's summary: one line per hall. */
export function clerkLines(halls: DemoHall[]): string {
  return halls
    .filter((h) => h.credentials.clerk)
    .map((h) => {
      const c = h.credentials.clerk as ClerkAccount;
      return `  clerk (${h.scenario.hall.id})  sign in as ${c.username} / ${c.password}  (${c.name} ${c.staffId}, sees /me)`;
    })
    .join('\n');
}
