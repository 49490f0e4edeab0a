/**
 * Promotional materials handed out at a counter (物料发放), which works while the WAN is down: the hall
 * config's `materials` section holds the items and kits in force (written by the cloud's inventory module;
 * a new config replaces them, `apply`); the counter terminal page asks for them (those for the service of
 * the ticket at the counter first) and records one tap as one issue to the customer being served there.
 * The ticket, its service, the counter and the clerk come from the hub's own state, never from the page;
 * a kit goes out as its parts with `kitId`. The issue id is the page's: a retry is one issue (`material:
 * <issueId>` in the journal's dedup, and in memory while it is being written). Journaled as
 * `material.issued` like any event, so the outbox forwards it when the cloud can be reached.
 */
import { parseHubEvent } from '@hall/devices/hub-events';
import type { MaterialsSection } from '@hall/devices';
import type { HubEvent } from '../../bus/hub-events.ts';
import type { QueueView } from '../../read-models.ts';
import type { Journal } from '../../store/journal.ts';

type Item = MaterialsSection['items'][number];
type Issued = Extract<HubEvent, { type: 'material.issued' }>;

/** Why the hub refuses an issue (the page says it in the clerk's language). */
export type MaterialRefusal =
  | 'material-not-serving'
  | 'material-ticket-changed'
  | 'material-not-your-counter'
  | 'material-item-unknown'
  | 'material-too-many'
  | 'material-too-fast'
  | 'material-invalid';

export interface IssueInput {
  issueId: string;
  /** What the page tapped: an item or a kit, and how many. */
  lines: Array<{ itemId: string; qty: number }>;
  /** The ticket the page shows: refused when the counter serves another by now (a stale screen). */
  forTicket?: string | undefined;
}

/** A line as the clerk sees it: the item or kit tapped, by name. */
export interface IssuedLine {
  itemId: string;
  qty: number;
  zh: string;
  en: string;
  unitZh: string;
  unitEn: string;
}

export interface IssueRecord {
  issueId: string;
  at: number;
  ticketNo: string;
  serviceId: string;
  counterId: string;
  staffId: string;
  lines: IssuedLine[];
}

export type IssueResult =
  | ({ ok: true; duplicate: boolean } & IssueRecord)
  | { ok: false; code: MaterialRefusal; itemId: string | null; retryAfterSec: number | null };

export interface MaterialsView {
  /** The ticket served at the counter now, or null (then nothing can be issued). */
  serving: { ticketNo: string; serviceId: string; serviceName: string } | null;
  /** Items and kits in force; for the ticket's service first, then those for any service, then the rest. */
  items: Array<Item & { forService: boolean }>;
  /** What the customer of that ticket got so far today, newest last. */
  issued: IssueRecord[];
}

export interface MaterialsOptions {
  section: MaterialsSection | undefined;
  journal: Journal;
  clock: () => number;
  queue: Pick<QueueView, 'counters' | 'ticket' | 'service'>;
  /** At most this many issues a minute at one counter (a tap every two seconds, sustained). */
  perMinute?: number;
}

/** A line's upper bound: ten customers' worth, so a mistyped 500 never becomes a record. */
export const maxQty = (item: Pick<Item, 'perCustomer'>) => item.perCustomer * 10;
export const MAX_LINES = 40;

export class MaterialsFeature {
  #items = new Map<string, Item>();
  #order: Item[] = [];
  /** Today's issues (replayed at start), by issue id. */
  readonly #issues = new Map<string, IssueRecord>();
  readonly #recent = new Map<string, number[]>();
  readonly #o: MaterialsOptions;
  readonly #perMinute: number;

  constructor(opts: MaterialsOptions) {
    this.#o = opts;
    this.#perMinute = opts.perMinute ?? 30;
    this.apply(opts.section);
  }

  /** A new hall config's section, in force for the next tap. */
  apply(section: MaterialsSection | undefined) {
    this.#order = section?.items ?? [];
    this.#items = new Map(this.#order.map((i) => [i.id, i]));
  }

  /** An event of today replayed from the journal at start. */
  restore(event: HubEvent) {
    if (event.type !== 'material.issued' || event.mode !== 'counter') return;
    const { ticketNo, serviceId, counterId, staffId } = event;
    if (!ticketNo || !serviceId || !counterId || !staffId) return;
    this.#issues.set(event.issueId, {
      issueId: event.issueId,
      at: event.at,
      ticketNo,
      serviceId,
      counterId,
      staffId,
      lines: this.#tapped(event.items),
    });
  }

  /** The ticket served at a counter now (status serving), with its service. */
  #serving(counterId: string) {
    const c = this.#o.queue.counters.get(counterId);
    if (!c || c.status !== 'serving' || !c.ticketNo) return null;
    const ticket = this.#o.queue.ticket(c.ticketNo);
    return ticket ? { counter: c, ticket } : null;
  }

  view(counterId: string): MaterialsView {
    const s = this.#serving(counterId);
    const serviceId = s?.ticket.serviceId ?? null;
    const rank = (i: Item) => (serviceId && i.serviceIds.includes(serviceId) ? 0 : i.serviceIds.length === 0 ? 1 : 2);
    const items = this.#order
      .map((i, n) => ({ i, n, r: rank(i) }))
      .sort((a, b) => a.r - b.r || a.n - b.n)
      .map(({ i, r }) => ({ ...i, forService: r === 0 }));
    return {
      serving: s
        ? {
            ticketNo: s.ticket.ticketNo,
            serviceId: s.ticket.serviceId,
            serviceName: this.#o.queue.service(s.ticket.serviceId)?.name ?? s.ticket.serviceId,
          }
        : null,
      items,
      issued: s ? this.#issuedTo(s.ticket.ticketNo, s.ticket.arrivalAt) : [],
    };
  }

  /** The issues to a ticket since its customer arrived (numbers are reused once the range wraps). */
  #issuedTo(ticketNo: string, since: number): IssueRecord[] {
    return [...this.#issues.values()].filter((r) => r.ticketNo === ticketNo && r.at >= since);
  }

  async issue(counterId: string, staffId: string, input: IssueInput): Promise<IssueResult> {
    const { journal, clock } = this.#o;
    const refuse = (code: MaterialRefusal, itemId: string | null = null, retryAfterSec: number | null = null) =>
      ({ ok: false, code, itemId, retryAfterSec }) as const;
    const eid = `material:${input.issueId}`;
    // A retry (the answer was lost on the way back): the issue as it was recorded, once.
    const known = this.#issues.get(input.issueId);
    const seen = journal.seen(eid);
    if (known || seen) {
      await seen?.durable;
      if (known) return { ok: true, duplicate: true, ...known };
    }
    const s = this.#serving(counterId);
    // Journaled on an earlier day (a retry across midnight or a restart): recorded already, never twice.
    if (seen)
      return {
        ok: true,
        duplicate: true,
        issueId: input.issueId,
        at: clock(),
        ticketNo: input.forTicket ?? s?.ticket.ticketNo ?? '',
        serviceId: s?.ticket.serviceId ?? '',
        counterId,
        staffId,
        lines: input.lines.map((l) => this.#line(l.itemId, l.qty)),
      };
    if (!s) return refuse('material-not-serving');
    if (s.counter.staffId !== staffId) return refuse('material-not-your-counter');
    if (input.forTicket && input.forTicket !== s.ticket.ticketNo) return refuse('material-ticket-changed');
    if (input.lines.length === 0) return refuse('material-invalid');
    if (input.lines.length > MAX_LINES) return refuse('material-too-many');
    const items: Issued['items'] = [];
    for (const line of input.lines) {
      const item = this.#items.get(line.itemId);
      if (!item) return refuse('material-item-unknown', line.itemId);
      if (!Number.isInteger(line.qty) || line.qty < 1) return refuse('material-invalid', line.itemId);
      if (line.qty > maxQty(item)) return refuse('material-too-many', line.itemId);
      if (item.parts.length)
        for (const p of item.parts) items.push({ itemId: p.itemId, qty: p.qty * line.qty, kitId: item.id });
      else items.push({ itemId: item.id, qty: line.qty, kitId: null });
    }
    if (items.length > MAX_LINES) return refuse('material-too-many');
    const now = clock();
    const recent = (this.#recent.get(counterId) ?? []).filter((t) => t > now - 60_000);
    if (recent.length >= this.#perMinute)
      return refuse('material-too-fast', null, Math.max(1, Math.ceil(((recent[0] ?? now) + 60_000 - now) / 1000)));
    recent.push(now);
    this.#recent.set(counterId, recent);
    // The contract the cloud checks each row against: an issue the hub journals is one the cloud takes.
    const parsed = parseHubEvent('material.issued', {
      at: now,
      issueId: input.issueId,
      mode: 'counter',
      items,
      ticketNo: s.ticket.ticketNo,
      serviceId: s.ticket.serviceId,
      counterId,
      staffId,
      note: null,
    });
    if (!parsed.ok) return refuse('material-invalid');
    const record: IssueRecord = {
      issueId: input.issueId,
      at: now,
      ticketNo: s.ticket.ticketNo,
      serviceId: s.ticket.serviceId,
      counterId,
      staffId,
      lines: input.lines.map((l) => this.#line(l.itemId, l.qty)),
    };
    // In memory before the write: a retry arriving while it is written is answered with this one. Kept
    // two days (a customer of today is all the page asks about; the journal keeps them all).
    for (const [id, r] of this.#issues) if (r.at < now - 2 * 86_400_000) this.#issues.delete(id);
    this.#issues.set(input.issueId, record);
    try {
      await journal.record({ events: [parsed.event as HubEvent], eid, deviceId: 'counter-page', replies: [] });
    } catch (err) {
      this.#issues.delete(input.issueId);
      throw err;
    }
    return { ok: true, duplicate: false, ...record };
  }

  #line(itemId: string, qty: number): IssuedLine {
    const item = this.#items.get(itemId);
    return {
      itemId,
      qty,
      zh: item?.zh ?? itemId,
      en: item?.en ?? itemId,
      unitZh: item?.unitZh ?? '',
      unitEn: item?.unitEn ?? '',
    };
  }

  /**
   * The lines a journaled issue was tapped as: a kit's parts back into the kit (when the kit in force
   * still has those parts in those proportions), everything else as it was recorded.
   */
  #tapped(items: Issued['items']): IssuedLine[] {
    const out: IssuedLine[] = [];
    const kits = new Map<string, Issued['items']>();
    for (const i of items)
      if (i.kitId) kits.set(i.kitId, [...(kits.get(i.kitId) ?? []), i]);
      else out.push(this.#line(i.itemId, i.qty));
    for (const [kitId, parts] of kits) {
      const kit = this.#items.get(kitId);
      const first = kit?.parts[0];
      const n = first ? (parts.find((p) => p.itemId === first.itemId)?.qty ?? 0) / first.qty : 0;
      const whole =
        kit &&
        Number.isInteger(n) &&
        n > 0 &&
        kit.parts.length === parts.length &&
        kit.parts.every((kp) => parts.some((p) => p.itemId === kp.itemId && p.qty === kp.qty * n));
      if (whole) out.push(this.#line(kitId, n));
      else for (const p of parts) out.push(this.#line(p.itemId, p.qty));
    }
    return out;
  }
}
