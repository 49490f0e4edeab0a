/** The cloud's API: the router type is what hubs and the console import (type-only). */
import {
  auditRouter,
  authRouter,
  orgRouter,
  roleGroupsRouter,
  rolesRouter,
  usersRouter,
} from './modules/access/access.router.ts';
import { adherenceRouter } from './modules/adherence/adherence.router.ts';
import { alarmsRouter, hubPollProcedure } from './modules/alarms/alarms.router.ts';
import { analyticsRouter } from './modules/analytics/analytics.router.ts';
import { countersRouter } from './modules/counters/counters.router.ts';
import { alertRulesRouter, hallDevicesRouter, hallsRouter, hubConfigProcedure } from './modules/halls/halls.router.ts';
import { ingestRouter } from './modules/ingest/ingest.router.ts';
import { inventoryRouter } from './modules/inventory/inventory.router.ts';
import { trainingRouter } from './modules/training/training.router.ts';
import { onsiteRouter } from './modules/performance/onsite.router.ts';
import { staffRecordsRouter } from './modules/performance/records.router.ts';
import { skillLevelsRouter } from './modules/performance/skills.router.ts';
import { kpiViewsRouter } from './modules/performance/views.router.ts';
import { cycleFlowsRouter, cyclesRouter } from './modules/performance/cycles.router.ts';
import { kpiFactsRouter } from './modules/performance/facts.router.ts';
import { reportsRouter } from './modules/reports/reports.router.ts';
import { kpiReportsRouter } from './modules/performance/report.router.ts';
import { jobsRouter } from './modules/jobs/jobs.router.ts';
import { notifyRouter } from './modules/notifications/notifications.router.ts';
import { forecastRouter } from './modules/scheduling/forecast.router.ts';
import { schedulingSettingsRouter } from './modules/scheduling/settings.router.ts';
import { kpisRouter } from './modules/performance/catalogue.router.ts';
import { staffRouter } from './modules/staff/staff.router.ts';
import { swapsRouter, wishesRouter } from './modules/wishes/wishes.router.ts';
import { rostersRouter } from './modules/scheduling/rosters.router.ts';
import { publicProcedure, router } from './trpc.ts';

export const appRouter = router({
  health: publicProcedure.query(() => ({ status: 'ok' as const })),
  auth: authRouter,
  org: orgRouter,
  users: usersRouter,
  roles: rolesRouter,
  roleGroups: roleGroupsRouter,
  audit: auditRouter,
  halls: hallsRouter,
  devices: hallDevicesRouter,
  alertRules: alertRulesRouter,
  analytics: analyticsRouter,
  alarms: alarmsRouter,
  counters: countersRouter,
  reports: reportsRouter,
  /** What hubs call, with their own token. */
  hub: router({ config: hubConfigProcedure, poll: hubPollProcedure }),
  ingest: ingestRouter,
  jobs: jobsRouter,
  notify: notifyRouter,
  forecast: forecastRouter,
  schedulingSettings: schedulingSettingsRouter,
  staff: staffRouter,
  adherence: adherenceRouter,
  wishes: wishesRouter,
  swaps: swapsRouter,
  rosters: rostersRouter,
  onsite: onsiteRouter,
  skillLevels: skillLevelsRouter,
  staffRecords: staffRecordsRouter,
  kpiViews: kpiViewsRouter,
  cycles: cyclesRouter,
  cycleFlows: cycleFlowsRouter,
  kpiFacts: kpiFactsRouter,
  kpis: kpisRouter,
  kpiReports: kpiReportsRouter,
  inventory: inventoryRouter,
  training: trainingRouter,
});

export type AppRouter = typeof appRouter;
