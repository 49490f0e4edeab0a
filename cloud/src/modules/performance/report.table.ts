/**
 * The daily KPI report (绩效日报): a snapshot per hall (or per org unit for the region roll-up), date and
 * format version, holding the figures as computed at report time and the KPI versions they used — a
 * later KPI edit or a recomputed day never rewrites a report already stored (see report.service.ts).
 * And the report's settings per org unit (the nearest unit at or above a hall decides for it).
 */
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const KPI_REPORT_SCOPES = ['hall', 'unit'] as const;
export type KpiReportScope = (typeof KPI_REPORT_SCOPES)[number];

export const kpiReports = pgTable(
  'kpi_reports',
  {
    /** `hall`: one hall's report (scopeId a hall id); `unit`: the roll-up of the halls under an org unit. */
    scope: text('scope').$type<KpiReportScope>().notNull(),
    scopeId: text('scope_id').notNull(),
    /** The hall-local day reported. */
    date: date('date', { mode: 'string' }).notNull(),
    /** The shape of `body` (report.schema.ts `KPI_REPORT_FORMAT`). */
    formatVersion: integer('format_version').notNull(),
    generatedAt: timestamp('generated_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** The KPI versions the figures were computed with (`[{key, version}]`): kept on every regeneration. */
    kpiVersions: jsonb('kpi_versions').$type<Array<{ key: string; version: number }>>().notNull(),
    body: jsonb('body').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.scopeId, t.date, t.formatVersion] }),
    index('kpi_reports_date').on(t.date),
    check('kpi_reports_scope', sql`${t.scope} in ('hall', 'unit')`),
    check('kpi_reports_format_version', sql`${t.formatVersion} > 0`),
  ],
);

/** When and what: a unit's setting holds for every hall under it unless a unit nearer the hall has its own. */
export const kpiReportSettings = pgTable(
  'kpi_report_settings',
  {
    orgUnitId: text('org_unit_id').primaryKey(),
    enabled: boolean('enabled').notNull(),
    /** HH:MM hall-local: the report is made then (of the day that has closed by then). */
    time: text('time').notNull(),
    /** The KPI keys shown (empty: every KPI in force). */
    kpiKeys: jsonb('kpi_keys').$type<string[]>().notNull(),
    /** The languages the e-mail may go out in (a subscriber's own language when allowed, else the first). */
    languages: jsonb('languages').$type<Array<'zh-CN' | 'en'>>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedBy: text('updated_by'),
  },
  (t) => [check('kpi_report_settings_time', sql`${t.time} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`)],
);
