/** Skill levels: storage (rule sets, proposals, history) and the per-service ticket figures, set-based. */
import { and, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { halls } from '../halls/halls.table.ts';
import { tickets } from '../ingest/ingest.table.ts';
import { jobs } from '../jobs/jobs.table.ts';
import { employees } from '../staff/staff.table.ts';
import type { SkillRules } from './skills.rules.ts';
import { skillLevelHistory, skillProposals, skillRuleSets, type ProposalStatus } from './skills.table.ts';

export type SkillRuleSetRow = typeof skillRuleSets.$inferSelect;
export type SkillProposalRow = typeof skillProposals.$inferSelect;
export type SkillHistoryRow = typeof skillLevelHistory.$inferSelect;

export const skillsRepository = {
  hallIds: async (db: Db) => (await db.select({ id: halls.id }).from(halls)).map((r) => r.id),
  /** The newest rule set of each of these org units. */
  async latestRuleSets(db: Db, orgUnitIds: readonly string[]): Promise<SkillRuleSetRow[]> {
    if (orgUnitIds.length === 0) return [];
    const rows = await db
      .select()
      .from(skillRuleSets)
      .where(inArray(skillRuleSets.orgUnitId, [...orgUnitIds]))
      .orderBy(desc(skillRuleSets.version));
    const newest = new Map<string, SkillRuleSetRow>();
    for (const r of rows) if (!newest.has(r.orgUnitId)) newest.set(r.orgUnitId, r);
    return [...newest.values()];
  },
  ruleSet: async (db: Db, id: number) =>
    (await db.select().from(skillRuleSets).where(eq(skillRuleSets.id, id)))[0] ?? null,
  /**
   * A new version for the unit (the next number); null when another process wrote that number first
   * (the unique index decides; the caller reads again).
   */
  async insertRuleSet(db: Db, r: { orgUnitId: string; rules: SkillRules; createdBy: string | null; version?: number }) {
    const version =
      r.version ??
      ((
        await db
          .select({ v: sql<number>`coalesce(max(${skillRuleSets.version}), 0)::int` })
          .from(skillRuleSets)
          .where(eq(skillRuleSets.orgUnitId, r.orgUnitId))
      )[0]?.v ?? 0) + 1;
    const [row] = await db
      .insert(skillRuleSets)
      .values({ orgUnitId: r.orgUnitId, version, rules: r.rules, createdBy: r.createdBy })
      .onConflictDoNothing()
      .returning();
    return row ?? null;
  },

  /** The hall's active employees (the ones a level is judged for). */
  activeEmployees: (db: Db, hallId: string) =>
    db
      .select({
        id: employees.id,
        staffId: employees.staffId,
        name: employees.name,
        skills: employees.skills,
        userId: employees.userId,
      })
      .from(employees)
      .where(and(eq(employees.hallId, hallId), eq(employees.status, 'active'))),

  /**
   * Per clerk (staff number) and service, tickets served in [from, to) and the median handling time
   * (start of service to its end); and per service the hall's median over the same tickets.
   */
  async ticketFigures(db: Db, hallId: string, from: Date, to: Date) {
    const handle = sql`extract(epoch from (${tickets.endedAt} - ${tickets.startedAt}))`;
    const where = and(
      eq(tickets.hallId, hallId),
      gte(tickets.issuedAt, from),
      lt(tickets.issuedAt, to),
      eq(tickets.outcome, 'done'),
      sql`${tickets.startedAt} is not null and ${tickets.endedAt} is not null`,
    );
    const [clerks, hall] = await Promise.all([
      db
        .select({
          staffId: sql<string>`${tickets.staffId}`,
          serviceId: tickets.serviceId,
          served: sql<number>`count(*)::int`,
          median: sql<number>`percentile_cont(0.5) within group (order by ${handle})::float8`,
        })
        .from(tickets)
        .where(and(where, sql`${tickets.staffId} is not null`))
        .groupBy(tickets.staffId, tickets.serviceId),
      db
        .select({
          serviceId: tickets.serviceId,
          median: sql<number>`percentile_cont(0.5) within group (order by ${handle})::float8`,
        })
        .from(tickets)
        .where(where)
        .groupBy(tickets.serviceId),
    ]);
    return { clerks, hallMedians: new Map(hall.map((h) => [h.serviceId, Number(h.median)])) };
  },

  pendingOfHall: (db: Db, hallId: string) =>
    db
      .select()
      .from(skillProposals)
      .where(and(eq(skillProposals.hallId, hallId), eq(skillProposals.status, 'pending'))),
  /** The hall's proposals, pending first, then the newest decided (at most `limit`). */
  proposalsOfHall: (db: Db, hallId: string, limit: number) =>
    db
      .select()
      .from(skillProposals)
      .where(eq(skillProposals.hallId, hallId))
      .orderBy(sql`${skillProposals.status} = 'pending' desc`, desc(skillProposals.createdAt), desc(skillProposals.id))
      .limit(limit),
  proposalsOfEmployee: (db: Db, employeeId: string, limit: number) =>
    db
      .select()
      .from(skillProposals)
      .where(eq(skillProposals.employeeId, employeeId))
      .orderBy(desc(skillProposals.createdAt), desc(skillProposals.id))
      .limit(limit),
  proposal: async (db: Db, id: number) =>
    (await db.select().from(skillProposals).where(eq(skillProposals.id, id)))[0] ?? null,
  /** Rejections since `since` in the hall (a rejected proposal is not made again at once). */
  rejectedSince: (db: Db, hallId: string, since: Date) =>
    db
      .select({
        employeeId: skillProposals.employeeId,
        serviceId: skillProposals.serviceId,
        fromLevel: skillProposals.fromLevel,
        toLevel: skillProposals.toLevel,
      })
      .from(skillProposals)
      .where(
        and(
          eq(skillProposals.hallId, hallId),
          eq(skillProposals.status, 'rejected'),
          gte(skillProposals.decidedAt, since),
        ),
      ),
  /** Inserts a proposal unless one is pending for the employee and service (null then). */
  async insertProposal(db: Db, p: typeof skillProposals.$inferInsert) {
    const [row] = await db.insert(skillProposals).values(p).onConflictDoNothing().returning();
    return row ?? null;
  },
  /** Sets fields of a proposal if it is still in `status`; null when it was not (someone else decided). */
  async updateProposalIf(
    db: Db,
    id: number,
    status: ProposalStatus,
    set: Partial<typeof skillProposals.$inferInsert>,
  ): Promise<SkillProposalRow | null> {
    const [row] = await db
      .update(skillProposals)
      .set(set)
      .where(and(eq(skillProposals.id, id), eq(skillProposals.status, status)))
      .returning();
    return row ?? null;
  },

  insertHistory: (db: Db, h: typeof skillLevelHistory.$inferInsert) => db.insert(skillLevelHistory).values(h),
  history: (db: Db, employeeId: string, limit: number) =>
    db
      .select()
      .from(skillLevelHistory)
      .where(eq(skillLevelHistory.employeeId, employeeId))
      .orderBy(desc(skillLevelHistory.at), desc(skillLevelHistory.id))
      .limit(limit),

  /** The hall's newest evaluation job (asking again while one waits answers that one). */
  latestJob: async (db: Db, hallId: string, type: string) =>
    (
      await db
        .select({ id: jobs.id, state: jobs.state })
        .from(jobs)
        .where(and(eq(jobs.hallId, hallId), eq(jobs.type, type)))
        .orderBy(desc(jobs.createdAt), desc(jobs.id))
        .limit(1)
    )[0] ?? null,
};
