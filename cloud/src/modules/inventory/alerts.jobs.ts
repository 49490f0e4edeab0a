/** Inventory's scheduled work: low-stock states (with hysteresis) and overdue transfer steps, hourly. */
import type { Jobs } from '../jobs/jobs.service.ts';
import { checkLowStock, notifyOverdueTransfers } from './alerts.service.ts';

export const INVENTORY_ALERTS_JOB = 'inventory.alerts';

export async function defineInventoryAlertJobs(jobs: Jobs) {
  jobs.define<Record<string, never>>({
    type: INVENTORY_ALERTS_JOB,
    maxAttempts: 3,
    backoff: { baseMs: 60_000, maxMs: 30 * 60_000 },
    timeoutMs: 20 * 60_000,
    handler: async ({ db, now }) => ({
      ...(await checkLowStock(db, now())),
      ...(await notifyOverdueTransfers(db, now())),
    }),
  });
  await jobs.schedule({
    id: INVENTORY_ALERTS_JOB,
    type: INVENTORY_ALERTS_JOB,
    rule: { cron: '20 * * * *' },
    timeZone: 'UTC',
  });
}
