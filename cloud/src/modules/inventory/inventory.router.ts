/**
 * 物流管理 — promotional materials. Every procedure needs the `inventory` module; where a step belongs to
 * one unit (a hall's request, a region's approval, a warehouse's shipment) the procedure is declared
 * `any-unit` and the service checks the right unit for the document at hand (inventory.common.ts).
 */
import { materialIdSchema, serviceIdSchema } from '@hall/devices';
import { z } from 'zod';
import { calendarDate as date, text } from '../../inputs.ts';
import { costly, moduleProcedure, router } from '../../trpc.ts';
import {
  addWarehouse,
  listItems,
  receiveGoods,
  saveItem,
  stockView,
  visibleLocations,
  hallLocation,
} from './catalogue.service.ts';
import { suggestReplenishment } from './alerts.service.ts';
import { ageing, hallReorder, inventoryStats, leakage, unitReorder } from './stats.service.ts';
import { decideCount, listCounts, submitCount } from './counts.service.ts';
import { importIssues, issueFromConsole, reverseIssue } from './issues.service.ts';
import { catalogueInfo, listIssues } from './issue-log.service.ts';
import { ledgerCheck } from './ledger.repository.ts';
import { renderLabelPdf } from './label.pdf.ts';
import { transferLabel } from './label.service.ts';
import { AFTER_CAMPAIGN, ITEM_KINDS, RESOLUTIONS, TRANSFER_STATUSES } from './inventory.table.ts';
import {
  cancelTransfer,
  decideTransfer,
  getTransfer,
  listTransfers,
  receiveTransfer,
  requestTransfer,
  resolveDiscrepancy,
  shipTransfer,
} from './transfers.service.ts';

const hallId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'letters, digits, _ . -' });
const id = z.int().min(1).max(2_147_483_647);
const itemId = materialIdSchema;
const locationId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, { error: 'letters, digits, _ . : -' });
const qty = z.int().min(1).max(1_000_000);
const count = z.int().min(0).max(1_000_000);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, { error: 'a hex SHA-256' });
const lines = z.array(z.object({ itemId, qty })).min(1).max(100);
/** The console's own address (scheme, host, port), as the browser knows it: what the label's QR code opens. */
const origin = z
  .string()
  .max(200)
  .refine(
    (s) => {
      try {
        const u = new URL(s);
        return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === s;
      } catch {
        return false;
      }
    },
    { error: 'an http(s) origin, like https://console.example.com' },
  );
const code = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'letters, digits, _ . -' });

const orgUnitId = z.string().min(1).max(64);
const view = (scope: 'any-unit' | 'hall' | 'org-unit' = 'any-unit') =>
  moduleProcedure({ module: 'inventory', level: 'view', scope });
/** Reads over many halls and days share a per-user budget, as the analysis views do. */
const heavy = (scope: 'hall' | 'org-unit') =>
  moduleProcedure({ module: 'inventory', level: 'view', scope }).use(costly('inventory-stats', 120));
const edit = (scope: 'any-unit' | 'hall' | 'org-wide' | 'org-unit' = 'any-unit') =>
  moduleProcedure({ module: 'inventory', level: 'edit', scope });

export const inventoryRouter = router({
  /** The catalogue: items and kits (with their parts). */
  items: view().query(({ ctx }) => listItems(ctx.db)),
  saveItem: edit('org-wide')
    .input(
      z.object({
        id: code,
        nameZh: text(60),
        nameEn: text(60),
        unitZh: text(8),
        unitEn: text(16),
        kind: z.enum(ITEM_KINDS),
        photo: sha256.nullable().optional(),
        campaign: text(60).nullable().optional(),
        validFrom: date.nullable().optional(),
        validTo: date.nullable().optional(),
        afterCampaign: z.enum(AFTER_CAMPAIGN).default('keep'),
        serviceIds: z.array(serviceIdSchema).max(50).default([]),
        perCustomer: z.int().min(1).max(1000).default(1),
        leadTimeDays: z.number().min(0).max(90).default(3),
        safetyDays: z.number().min(0).max(90).default(2),
        active: z.boolean().default(true),
        parts: z
          .array(z.object({ itemId, qty: z.int().min(1).max(1000) }))
          .max(20)
          .optional(),
      }),
    )
    .mutation(({ ctx, input }) => saveItem(ctx.db, ctx.user, input)),
  /** The services' names (from the halls' configs) and whether the user may edit the catalogue. */
  catalogueInfo: view().query(({ ctx }) => catalogueInfo(ctx.db, ctx.user)),
  /** The locations the user may see. */
  locations: view().query(({ ctx }) => visibleLocations(ctx.db, ctx.user)),
  addWarehouse: edit('org-unit')
    .input(z.object({ id: code, nameZh: text(60), nameEn: text(60), orgUnitId: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) => addWarehouse(ctx.db, ctx.user, input)),
  /** Goods from a supplier into a warehouse. */
  receiveGoods: edit()
    .input(z.object({ locationId, lines, note: text(300).optional() }))
    .mutation(({ ctx, input }) => receiveGoods(ctx.db, ctx.user, input)),
  /** Stock per item at the visible locations, or one of them. */
  stock: view()
    .input(z.object({ locationId: locationId.optional() }).optional())
    .query(({ ctx, input }) => stockView(ctx.db, ctx.user, input?.locationId)),
  /** A hall's stock location (made on first use). */
  hallLocation: view('hall')
    .input(z.object({ hallId }))
    .query(({ ctx, input }) => hallLocation(ctx.db, input.hallId)),
  /** The ledger agrees with the stock and nothing is negative (HQ's check). */
  ledgerCheck: moduleProcedure({ module: 'inventory', level: 'view', scope: 'org-wide' }).query(({ ctx }) =>
    ledgerCheck(ctx.db),
  ),

  transfers: view()
    .input(
      z
        .object({
          hallId: hallId.optional(),
          status: z.array(z.enum(TRANSFER_STATUSES)).max(7).optional(),
          limit: z.int().min(1).max(500).optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => listTransfers(ctx.db, ctx.user, input ?? {})),
  transfer: view()
    .input(z.object({ id }))
    .query(({ ctx, input }) => getTransfer(ctx.db, ctx.user, input.id)),
  request: edit('hall')
    .input(z.object({ hallId, fromLocationId: locationId.optional(), lines, note: text(300).optional() }))
    .mutation(({ ctx, input }) => requestTransfer(ctx.db, ctx.user, input)),
  decide: edit()
    .input(
      z.object({
        id,
        decision: z.enum(['approve', 'refuse']),
        lines: z
          .array(z.object({ itemId, approved: count }))
          .max(100)
          .optional(),
        note: text(300).optional(),
      }),
    )
    .mutation(({ ctx, input }) => decideTransfer(ctx.db, ctx.user, input)),
  cancel: edit()
    .input(z.object({ id, note: text(300).optional() }))
    .mutation(({ ctx, input }) => cancelTransfer(ctx.db, ctx.user, input)),
  ship: edit()
    .input(
      z.object({
        id,
        lines: z
          .array(z.object({ itemId, shipped: count }))
          .max(100)
          .optional(),
      }),
    )
    .mutation(({ ctx, input }) => shipTransfer(ctx.db, ctx.user, input)),
  receive: edit()
    .input(
      z.object({
        id,
        labelToken: z.string().min(1).max(64).optional(),
        lines: z
          .array(
            z.object({
              itemId,
              good: count,
              damaged: count.default(0),
              photo: sha256.nullable().optional(),
              note: text(200).nullable().optional(),
            }),
          )
          .max(100),
      }),
    )
    .mutation(({ ctx, input }) => receiveTransfer(ctx.db, ctx.user, input)),
  /**
   * The shipped transfer's label as a PDF (A6, a QR code of the receipt's address under `origin`), base64
   * in the answer like the reports' PDFs: for inventory edit at the warehouse or the hall only.
   */
  label: edit()
    .use(costly('inventory-label', 30))
    .input(z.object({ id, origin, lang: z.enum(['zh-CN', 'en']) }))
    .query(async ({ ctx, input }) => {
      const { label, fileName } = await transferLabel(ctx.db, ctx.user, input);
      const pdf = await renderLabelPdf(label, input.lang);
      return { fileName, contentType: 'application/pdf' as const, bytes: pdf.length, base64: pdf.toString('base64') };
    }),
  resolve: edit()
    .input(z.object({ id, discrepancyId: id, resolution: z.enum(RESOLUTIONS), note: text(300).optional() }))
    .mutation(({ ctx, input }) => resolveDiscrepancy(ctx.db, ctx.user, input)),

  /** Materials handed out at the hall (bulk) or to a ticket's customer, entered in the console. */
  issue: edit('hall')
    .input(
      z.object({
        hallId,
        issueId: z.uuid().optional(),
        mode: z.enum(['counter', 'bulk']),
        items: lines,
        ticketNo: z.string().min(1).max(16).optional(),
        serviceId: z.string().min(1).max(32).optional(),
        staffId: z.string().min(1).max(32).optional(),
        counterId: z.string().min(1).max(32).optional(),
        note: text(200).optional(),
      }),
    )
    .mutation(({ ctx, input }) => issueFromConsole(ctx.db, ctx.user, input)),
  /** Issues recorded elsewhere, each with its date and ticket (≤ 500; a bad row is refused as that row). */
  importIssues: edit('hall')
    .input(
      z.object({
        hallId,
        issues: z
          .array(
            z.object({
              issueId: z.uuid(),
              at: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
              ticketNo: z.string().min(1).max(16).optional(),
              items: lines,
              note: text(200).optional(),
            }),
          )
          .min(1)
          .max(500),
      }),
    )
    .mutation(({ ctx, input }) => importIssues(ctx.db, ctx.user, input)),
  /** A hall's recent issues, newest first, with names and whether each may be taken back. */
  issues: view('hall')
    .input(
      z.object({
        hallId,
        from: date.optional(),
        to: date.optional(),
        limit: z.int().min(1).max(200).optional(),
      }),
    )
    .query(({ ctx, input }) => listIssues(ctx.db, ctx.user, input)),
  reverseIssue: edit('hall')
    .input(z.object({ hallId, id: z.uuid(), note: text(200).optional() }))
    .mutation(({ ctx, input }) => reverseIssue(ctx.db, ctx.user, input)),

  counts: view()
    .input(z.object({ locationId: locationId.optional() }).optional())
    .query(({ ctx, input }) => listCounts(ctx.db, ctx.user, input ?? {})),
  submitCount: edit()
    .input(
      z.object({
        locationId,
        lines: z
          .array(z.object({ itemId, counted: count }))
          .min(1)
          .max(200),
        reason: text(300).optional(),
      }),
    )
    .mutation(({ ctx, input }) => submitCount(ctx.db, ctx.user, input)),
  decideCount: edit()
    .input(z.object({ id, decision: z.enum(['approve', 'refuse']), note: text(300).optional() }))
    .mutation(({ ctx, input }) => decideCount(ctx.db, ctx.user, input)),

  /** Distribution and consumption by item, hall, child unit, campaign, service or period, per 100 customers. */
  stats: heavy('org-unit')
    .input(
      z.object({
        orgUnitId,
        from: date,
        to: date,
        by: z.enum(['item', 'hall', 'unit', 'campaign', 'day', 'week', 'month', 'service']),
        itemId: itemId.optional(),
      }),
    )
    .query(({ ctx, input }) => inventoryStats(ctx.db, ctx.user, input)),
  /** Stock by age and campaign materials past their validity (to return or destroy). */
  ageing: heavy('org-unit')
    .input(z.object({ orgUnitId }))
    .query(({ ctx, input }) => ageing(ctx.db, ctx.user, input)),
  /** Days a hall or a clerk issued far more than the day's customers make plausible. */
  leakage: heavy('org-unit')
    .input(z.object({ orgUnitId, from: date, to: date }))
    .query(({ ctx, input }) => leakage(ctx.db, ctx.user, input)),
  /** A hall's reorder points with their reasoning. */
  reorder: heavy('hall')
    .input(z.object({ hallId }))
    .query(({ ctx, input }) => hallReorder(ctx.db, input.hallId)),
  /** Every hall's reorder points under a unit. */
  unitReorder: heavy('org-unit')
    .input(z.object({ orgUnitId }))
    .query(({ ctx, input }) => unitReorder(ctx.db, ctx.user, input)),
  /** The region's one click: a request per hall of what its reorder points suggest. */
  suggest: edit('org-unit')
    .input(z.object({ orgUnitId }))
    .mutation(({ ctx, input }) => suggestReplenishment(ctx.db, ctx.user, input)),
});
