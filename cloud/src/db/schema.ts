/** Every table of the cloud, for drizzle (the modules own their tables). */
export * from '../modules/halls/halls.table.ts';
export * from '../modules/ingest/ingest.table.ts';
export * from '../modules/access/access.table.ts';
export * from '../modules/reports/reports.table.ts';
export * from '../modules/jobs/jobs.table.ts';
export * from '../modules/notifications/notifications.table.ts';
export * from '../modules/staff/staff.table.ts';
export * from '../modules/scheduling/scheduling.table.ts';
export * from '../modules/scheduling/settings.table.ts';
export * from '../modules/adherence/adherence.table.ts';
export * from '../modules/performance/performance.table.ts';
export * from '../modules/performance/onsite.table.ts';
export * from '../modules/blobs/blobs.table.ts';
export * from '../modules/performance/report.table.ts';
