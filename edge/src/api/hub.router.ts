/**
 * The hub's local API (tRPC on its HTTP port) for the in-hall pages. Nothing here is open to whoever
 * reaches the hall network:
 * - the wall screen reads the hall (`hall.state`, `hall.live` over server-sent events) with a read-only
 *   display token;
 * - a counter-terminal page signs a clerk in (staff id + 6-12 digit PIN, attempts limited per staff id
 *   and per counter) at one counter and then presses the same buttons as the call button (`counter.act`);
 *   a page signed out by something else learns why (`signedOut` in the error's data);
 * - a rating-pad page pairs with its counter through its device id and secret, hears prompts
 *   (`pad.prompts`) and sends the customer's score (`pad.rate`);
 * - the same page records promotional materials handed to the customer it serves (`counter.materials`,
 *   `counter.issueMaterials`): the ticket, service and clerk are the hub's, never the page's;
 * - on-site scoring (`onsite.*`, the phone page /hall/onsite/): a lead or manager signs in once with their
 *   own staff number and PIN (checked as a clerk's at a counter, the same limits), then scores on a
 *   session in their name (`staff:<id>` on every form); photos go to `POST /onsite/photos` (hub.ts)
 *   before the form names them;
 * - manager questions (`manager.explain`: why was B012 called before A007?) and releasing a counter
 *   whose clerk is gone (`manager.releaseCounter`) need the manager token.
 * `health` and the list of counters (`counter.list`: ids and names, as on the signs) are open.
 */
import { materialIdSchema, staffPinSchema } from '@hall/devices';
import { initTRPC, TRPCError } from '@trpc/server';
import type { GateAnswer } from '@hall/devices/secrets';
import { z } from 'zod';
import type { HallSnapshot } from '../features/hall-state/hall-state.ts';
import type { ActionResult, CounterAction } from '../features/queue/queue.feature.ts';
import type { NewSession, Session, SignedOut } from './sessions.ts';
import type { PinAnswer } from './staff-pins.ts';
import type { OwnShift, RosterDay } from '../features/roster/published-roster.ts';
import type { OnsiteContext, OnsiteForm, OnsiteSubmitResult } from '../features/onsite/onsite.feature.ts';
import type { IssueInput, IssueResult, MaterialsView } from '../features/materials/materials.feature.ts';

export interface CounterView {
  counterId: string;
  staffId: string;
  display: { status: string; ticketNo?: string; serviceName?: string; waiting: number };
}

export interface ApiDeps {
  snapshot(): HallSnapshot;
  /** Resolves when every decision in memory is durable, so a snapshot shows only what survives a crash. */
  settled(): Promise<void>;
  /** Calls back after each committed change; returns an unsubscribe function. */
  onChange(listener: () => void): () => void;
  /** Secret checks go through the hub's SecretGate (off the event loop, rate-limited by identity and `source`). */
  verifyDisplayToken(token: string, source: string | null): Promise<GateAnswer>;
  verifyManagerToken(token: string, source: string | null): Promise<GateAnswer>;
  /**
   * A staff PIN, through the attempt limits (staff-pins.ts): per staff id, per counter and per address
   * (`counterId` null: the on-site page, per staff id and address).
   */
  checkStaffPin(c: {
    counterId: string | null;
    staffId: string;
    pin: string;
    source: string | null;
  }): Promise<PinAnswer>;
  /** A person on the hall's staff list in force (a clerk unless the entry says lead or manager), or null. */
  staffMember(staffId: string): { name: string; role: 'clerk' | 'lead' | 'manager' } | null;
  verifyPad(deviceId: string, secret: string, source: string | null): Promise<{ counterId: string } | null>;
  counterExists(counterId: string): boolean;
  session(token: string | null): Session | null;
  /** Why a clerk's session was ended by something else (another sign-in, a manager), if it was. */
  signedOut(token: string | null): (SignedOut & { byName: string | null }) | null;
  openSession(session: NewSession): string;
  closeSession(token: string): void;
  perform(counterId: string, action: CounterAction): Promise<ActionResult & { display: CounterView['display'] }>;
  releaseCounter(counterId: string, by: string): Promise<ActionResult>;
  display(counterId: string): CounterView['display'];
  onPrompt(
    deviceId: string,
    listener: (prompt: {
      reqId: string;
      ticketNo: string;
      counterId: string;
      staffId: string;
      staffName?: string;
      timeoutSec: number;
    }) => void,
  ): () => void;
  /** The prompt this pad has not answered yet (a page that reloads asks again), or null. */
  pendingPrompt(deviceId: string): Parameters<Parameters<ApiDeps['onPrompt']>[1]>[0] | null;
  rate(r: {
    deviceId: string;
    ticketNo: string;
    answer: { score: number; reasons: string[] } | null;
    eid: string;
  }): Promise<void>;
  explain(ticketNo: string, other: string): string;
  /**
   * One clerk's own shifts on the published roster from the hall's today on (today's and tomorrow's),
   * with the planned service's name; `version` null when the hub has no roster, `days` the dates it covers.
   */
  shiftsOf(staffId: string): {
    version: number | null;
    today: string;
    days: string[];
    shifts: Array<OwnShift & { serviceName: string | null }>;
  };
  /** A day of the published roster (the hall's today when `date` is null), or null when it has none. */
  rosterDay(date: string | null): (RosterDay & { version: number }) | null;
  ackAlarm(alarmId: string, by: string): Promise<boolean>;
  /** On-site scoring (features/onsite): the templates and subjects for the phone page, and a form submitted. */
  onsiteContext(): OnsiteContext;
  onsiteSubmit(form: OnsiteForm, scorer: string): Promise<OnsiteSubmitResult>;
  /** Promotional materials at a counter (features/materials): the items, the ticket served, what it got. */
  materials(counterId: string): MaterialsView;
  issueMaterials(counterId: string, staffId: string, input: IssueInput): Promise<IssueResult>;
  health(): { status: 'ok'; hallId: string; uptimeSec: number; seq: number; devicesOnline: number };
}

export interface ApiContext {
  /** The bearer token the caller presented (header, or tRPC connection params for subscriptions). */
  token: string | null;
  /** The caller's address (per-source limits of secret checks); null in-process. */
  source: string | null;
  deps: ApiDeps;
}

/** What a page needs beyond the code to explain a refusal: when to retry, why it was signed out. */
class Refusal extends Error {
  readonly detail: {
    retryAfterSec?: number;
    signedOut?: SignedOut & { byName: string | null };
    /** A refusal the page says in words beyond the tRPC code (`onsite-not-a-manager`). */
    refusal?: 'onsite-not-a-manager';
  };
  constructor(message: string, detail: Refusal['detail']) {
    super(message);
    this.detail = detail;
  }
}

const t = initTRPC.context<ApiContext>().create({
  errorFormatter: ({ shape, error }) => ({
    ...shape,
    data: {
      ...shape.data,
      retryAfterSec: null as number | null,
      signedOut: null as (SignedOut & { byName: string | null }) | null,
      refusal: null as Refusal['detail']['refusal'] | null,
      ...(error.cause instanceof Refusal ? error.cause.detail : {}),
    },
  }),
});

const unauthorized = (message: string) => new TRPCError({ code: 'UNAUTHORIZED', message });

/** A refused secret check: 401 when wrong, 429 when the caller (or everyone) must slow down. */
function refuseUnlessOk(answer: GateAnswer, message: string) {
  if (answer.result === 'ok') return;
  if (answer.result === 'limited')
    throw new TRPCError({
      code: 'TOO_MANY_REQUESTS',
      message: `too many wrong attempts: try again in ${Math.ceil(answer.retryAfterMs / 1_000)} s`,
    });
  if (answer.result === 'busy')
    throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: 'too many sign-ins at once: try again in a moment' });
  throw unauthorized(message);
}

const displayProcedure = t.procedure.use(async ({ ctx, next }) => {
  if (!ctx.token) throw unauthorized('a display token is required');
  refuseUnlessOk(await ctx.deps.verifyDisplayToken(ctx.token, ctx.source), 'a display token is required');
  return next();
});
const managerProcedure = t.procedure.use(async ({ ctx, next }) => {
  if (!ctx.token) throw unauthorized('a manager token is required');
  refuseUnlessOk(await ctx.deps.verifyManagerToken(ctx.token, ctx.source), 'a manager token is required');
  return next();
});
const counterProcedure = t.procedure.use(({ ctx, next }) => {
  const session = ctx.deps.session(ctx.token);
  if (session?.kind !== 'counter') {
    const signedOut = ctx.deps.signedOut(ctx.token);
    if (signedOut)
      throw new TRPCError({
        code: 'UNAUTHORIZED',
        message: `signed out (${signedOut.reason}${signedOut.by ? `: ${signedOut.by}` : ''})`,
        cause: new Refusal('signed out', { signedOut }),
      });
    throw unauthorized('sign in at a counter first');
  }
  return next({ ctx: { session, token: ctx.token as string } });
});
const padProcedure = t.procedure.use(({ ctx, next }) => {
  const session = ctx.deps.session(ctx.token);
  if (session?.kind !== 'pad') throw unauthorized('pair the rating pad with its counter first');
  return next({ ctx: { session } });
});

/** A staff PIN refused: 429 with the wait when limited or busy, 401 (same for unknown staff and wrong PIN). */
function refuseUnlessPinOk(pin: PinAnswer) {
  if (pin.result === 'limited') {
    const retryAfterSec = Math.ceil(pin.retryAfterMs / 1000);
    throw new TRPCError({
      code: 'TOO_MANY_REQUESTS',
      message: `too many wrong PINs: try again in ${retryAfterSec} s`,
      cause: new Refusal('limited', { retryAfterSec }),
    });
  }
  if (pin.result === 'busy' || pin.result === 'in-progress')
    throw new TRPCError({
      code: 'TOO_MANY_REQUESTS',
      message: 'another sign-in is being checked: try again in a moment',
      cause: new Refusal('busy', { retryAfterSec: 1 }),
    });
  if (pin.result !== 'ok') throw unauthorized('unknown staff id or PIN');
}

const mayScore = (m: { role: string } | null) => m?.role === 'lead' || m?.role === 'manager';

/**
 * An on-site session whose person is still a lead or manager on the hall's staff list: a new config that
 * removes them or makes them a clerk ends the session at their next request.
 */
const onsiteProcedure = t.procedure.use(({ ctx, next }) => {
  const session = ctx.deps.session(ctx.token);
  if (session?.kind !== 'onsite') throw unauthorized('sign in for on-site scoring first');
  const member = ctx.deps.staffMember(session.staffId);
  if (!mayScore(member)) {
    ctx.deps.closeSession(ctx.token as string);
    throw unauthorized('sign in for on-site scoring first');
  }
  return next({ ctx: { session, member: member as NonNullable<typeof member>, token: ctx.token as string } });
});

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const onsiteFormSchema = z.object({
  formId: z.uuid(),
  templateId: z.string().min(1).max(40),
  templateVersion: z.int().min(1).max(1_000_000),
  subjectKind: z.enum(['clerk', 'counter', 'hall']),
  subjectId: z.string().min(1).max(64),
  counterId: z.string().min(1).max(64).nullable(),
  ticketNo: ticketNoInput().nullable(),
  answers: z
    .array(
      z.object({
        itemId: z.string().min(1).max(40),
        result: z.enum(['pass', 'fail', 'na']),
        points: z.number().min(0).max(100).nullable(),
        note: z.string().max(200).nullable(),
        photos: z.array(sha256).max(4),
      }),
    )
    .max(720),
  signature: sha256.nullable(),
});
function ticketNoInput() {
  return z.string().regex(/^[A-Z]{1,3}[0-9]{1,5}$/);
}

/** Waits for the next change (or the abort of the subscription). */
function nextChange(deps: ApiDeps, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const off = deps.onChange(() => {
      off();
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    });
    const onAbort = () => {
      off();
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const ticketNo = z.string().regex(/^[A-Z]{1,3}[0-9]{1,5}$/);
const counterActionSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('counter.pause'),
    reason: z.enum(['break', 'meal', 'meeting', 'training', 'backoffice', 'other']),
    note: z.string().max(100).optional(),
  }),
  z.object({ type: z.literal('counter.resume') }),
  z.object({ type: z.literal('call.next') }),
  z.object({ type: z.literal('call.recall'), ticketNo: ticketNo.optional() }),
  z.object({ type: z.literal('call.specific'), ticketNo }),
  z.object({ type: z.literal('ticket.start'), ticketNo: ticketNo.optional() }),
  z.object({
    type: z.literal('ticket.finish'),
    ticketNo: ticketNo.optional(),
    txCount: z.int().min(0).max(100).optional(),
    txTypes: z.array(z.string().min(1).max(32)).max(20).optional(),
  }),
  z.object({ type: z.literal('ticket.noshow'), ticketNo: ticketNo.optional() }),
  z.object({
    type: z.literal('ticket.transfer'),
    toServiceId: z.string().min(1).max(64),
    ticketNo: ticketNo.optional(),
  }),
]);

export const hubRouter = t.router({
  health: t.procedure.query(({ ctx }) => ctx.deps.health()),
  hall: t.router({
    state: displayProcedure.query(async ({ ctx }) => {
      await ctx.deps.settled();
      return ctx.deps.snapshot();
    }),
    /** The hall now, then again after every committed change (bursts within one tick coalesce). */
    live: displayProcedure.subscription(async function* ({ ctx, signal }) {
      await ctx.deps.settled();
      yield ctx.deps.snapshot();
      while (await nextChange(ctx.deps, signal)) {
        await ctx.deps.settled();
        yield ctx.deps.snapshot();
      }
    }),
  }),
  roster: t.router({
    /**
     * A day of the published roster as the hub has it (today unless `date` names another day it holds):
     * who works when, their breaks, and the clerks required per interval. For the in-hall screens and the
     * demo's simulated clerks, who follow it; staff ids only, no names.
     */
    day: displayProcedure
      .input(z.object({ date: z.iso.date().optional() }).optional())
      .query(({ ctx, input }) => ctx.deps.rosterDay(input?.date ?? null)),
  }),
  counter: t.router({
    /**
     * The hall's counters by id and name, open to the hall network: they are on the signs above the
     * counters. The counter terminal page offers them when its address names no counter, and titles
     * itself with the name before anyone signs in.
     */
    list: t.procedure.query(({ ctx }) => {
      const s = ctx.deps.snapshot();
      return { hall: s.hall.name, counters: s.counters.map((c) => ({ id: c.id, name: c.name })) };
    }),
    /**
     * A clerk signs in at a counter with staff id and PIN: the counter opens in their name, or resumes as
     * it is when it is already theirs (see QueueEngine.decideOpen for takeovers and moves).
     */
    signIn: t.procedure
      .input(
        z.object({ counterId: z.string().min(1).max(64), staffId: z.string().min(1).max(64), pin: staffPinSchema }),
      )
      .mutation(async ({ ctx, input }) => {
        // Counter ids are on every page's address; only staff ids and PINs are secret.
        if (!ctx.deps.counterExists(input.counterId)) throw unauthorized('unknown counter, staff id or PIN');
        refuseUnlessPinOk(await ctx.deps.checkStaffPin({ ...input, source: ctx.source }));
        const result = await ctx.deps.perform(input.counterId, { type: 'counter.open', staffId: input.staffId });
        if (!result.ok) throw new TRPCError({ code: 'CONFLICT', message: result.message });
        const token = ctx.deps.openSession({ kind: 'counter', counterId: input.counterId, staffId: input.staffId });
        return { token, counterId: input.counterId, staffId: input.staffId, display: result.display };
      }),
    /** The counter's display, plus the hall's services with their queues (for transfers and call-specific). */
    state: counterProcedure.query(
      ({
        ctx,
      }): CounterView & { counterName: string; services: Array<{ id: string; name: string; waiting: number }> } => ({
        counterId: ctx.session.counterId,
        counterName:
          ctx.deps.snapshot().counters.find((c) => c.id === ctx.session.counterId)?.name ?? ctx.session.counterId,
        staffId: (ctx.session as Extract<Session, { kind: 'counter' }>).staffId,
        display: ctx.deps.display(ctx.session.counterId),
        services: ctx.deps.snapshot().services.map((x) => ({ id: x.id, name: x.name, waiting: x.waiting })),
      }),
    ),
    /**
     * The signed-in clerk's own shifts on the published roster (today's and tomorrow's): start, end,
     * breaks and the service planned. Only the clerk of this counter session, never anyone else's.
     */
    shifts: counterProcedure.query(({ ctx }) =>
      ctx.deps.shiftsOf((ctx.session as Extract<Session, { kind: 'counter' }>).staffId),
    ),
    /**
     * The hall's promotional materials for this counter (those for the service being served first), the
     * ticket served now and what its customer got so far. Only this counter's clerk.
     */
    materials: counterProcedure.query(({ ctx }) => ctx.deps.materials(ctx.session.counterId)),
    /**
     * Materials handed to the customer served at this counter, in the signed-in clerk's name: the ticket
     * and its service are the hub's, `issueId` the page's (a retry is one issue). A refusal comes back as
     * a code (and the item) for the page to say in the clerk's language; too many at once is a 429.
     */
    issueMaterials: counterProcedure
      .input(
        z.object({
          issueId: z.uuid(),
          forTicket: ticketNo.optional(),
          lines: z
            .array(z.object({ itemId: materialIdSchema, qty: z.int().min(1).max(10_000) }))
            .min(1)
            .max(40),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        const session = ctx.session as Extract<Session, { kind: 'counter' }>;
        const result = await ctx.deps.issueMaterials(session.counterId, session.staffId, input);
        if (!result.ok && result.code === 'material-too-fast')
          throw new TRPCError({
            code: 'TOO_MANY_REQUESTS',
            message: `too many issues at this counter: try again in ${result.retryAfterSec ?? 1} s`,
            cause: new Refusal('too fast', { retryAfterSec: result.retryAfterSec ?? 1 }),
          });
        return result;
      }),
    /** The call button's actions, with its semantics; a refusal comes back with the device's reject code. */
    act: counterProcedure.input(z.object({ action: counterActionSchema })).mutation(async ({ ctx, input }) => {
      const result = await ctx.deps.perform(ctx.session.counterId, input.action as CounterAction);
      return result.ok
        ? { ok: true as const, display: result.display }
        : { ok: false as const, code: result.code, message: result.message, display: result.display };
    }),
    signOut: counterProcedure.mutation(async ({ ctx }) => {
      const result = await ctx.deps.perform(ctx.session.counterId, { type: 'counter.close' });
      if (!result.ok) return { ok: false as const, code: result.code, message: result.message };
      ctx.deps.closeSession(ctx.token);
      return { ok: true as const };
    }),
  }),
  pad: t.router({
    pair: t.procedure
      .input(z.object({ deviceId: z.string().min(1).max(64), secret: z.string().min(8).max(256) }))
      .mutation(async ({ ctx, input }) => {
        const pad = await ctx.deps.verifyPad(input.deviceId, input.secret, ctx.source);
        if (!pad) throw unauthorized('unknown rating pad or wrong secret');
        const counterName = ctx.deps.snapshot().counters.find((c) => c.id === pad.counterId)?.name ?? pad.counterId;
        return {
          token: ctx.deps.openSession({ kind: 'pad', counterId: pad.counterId, deviceId: input.deviceId }),
          counterId: pad.counterId,
          counterName,
        };
      }),
    /** Prompts for this pad's counter, as they come. */
    prompts: padProcedure.subscription(async function* ({ ctx, signal }) {
      const session = ctx.session as Extract<Session, { kind: 'pad' }>;
      const queue: Array<Parameters<Parameters<ApiDeps['onPrompt']>[1]>[0]> = [];
      let wake: (() => void) | null = null;
      const off = ctx.deps.onPrompt(session.deviceId, (p) => {
        queue.push(p);
        wake?.();
      });
      // A prompt that came before this page (re)connected, not yet answered: ask it again.
      const pending = ctx.deps.pendingPrompt(session.deviceId);
      if (pending && !queue.some((q) => q.reqId === pending.reqId)) queue.unshift(pending);
      try {
        while (!signal?.aborted) {
          const next = queue.shift();
          if (next) {
            yield next;
            continue;
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
            signal?.addEventListener('abort', () => resolve(), { once: true });
          });
          wake = null;
        }
      } finally {
        off();
      }
    }),
    rate: padProcedure
      .input(
        z.object({
          ticketNo,
          promptReqId: z.string().min(1).max(64),
          score: z.int().min(1).max(5).nullable(),
          reasons: z.array(z.string().min(1).max(32)).max(8).default([]),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        const session = ctx.session as Extract<Session, { kind: 'pad' }>;
        await ctx.deps.rate({
          deviceId: session.deviceId,
          ticketNo: input.ticketNo,
          answer: input.score === null ? null : { score: input.score, reasons: input.reasons },
          eid: `web.${session.deviceId}.${input.promptReqId}`,
        });
        return { ok: true as const };
      }),
  }),
  onsite: t.router({
    /**
     * A lead or manager signs in once with their own staff number and PIN (checked as a clerk's at a
     * counter: the same limits, the same answer for an unknown number and a wrong PIN); a clerk's right
     * PIN is refused (403, `onsite-not-a-manager`). Every form on the session carries `staff:<id>`.
     */
    signIn: t.procedure
      .input(z.object({ staffId: z.string().min(1).max(64), pin: staffPinSchema }))
      .mutation(async ({ ctx, input }) => {
        refuseUnlessPinOk(await ctx.deps.checkStaffPin({ ...input, counterId: null, source: ctx.source }));
        const member = ctx.deps.staffMember(input.staffId);
        if (!member || !mayScore(member))
          throw new TRPCError({
            code: 'FORBIDDEN',
            message: 'only a lead or a manager scores on-site',
            cause: new Refusal('not a manager', { refusal: 'onsite-not-a-manager' }),
          });
        const token = ctx.deps.openSession({
          kind: 'onsite',
          staffId: input.staffId,
          scorer: `staff:${input.staffId}`,
        });
        return { token, scorer: { staffId: input.staffId, name: member.name } };
      }),
    /** Templates in force, the clerks at counters now (with their tickets), the staff list, photo quota, who scores. */
    context: onsiteProcedure.query(({ ctx }) => ({
      ...ctx.deps.onsiteContext(),
      scorer: { staffId: ctx.session.staffId, name: ctx.member.name },
    })),
    /**
     * A filled-in form: checked by the cloud's own scoring rule and journaled as `onsite.scored` (once per
     * form id). A refusal comes back as a code (and the item), for the page to say in its language.
     */
    submit: onsiteProcedure
      .input(onsiteFormSchema)
      .mutation(({ ctx, input }) => ctx.deps.onsiteSubmit(input as OnsiteForm, ctx.session.scorer)),
    signOut: onsiteProcedure.mutation(({ ctx }) => {
      ctx.deps.closeSession(ctx.token);
      return { ok: true as const };
    }),
  }),
  manager: t.router({
    /** Acknowledge an alarm (the wall screen's manager view, or the cloud through its link). */
    ackAlarm: managerProcedure
      .input(z.object({ alarmId: z.string().min(1).max(64), by: z.string().min(1).max(64).default('manager') }))
      .mutation(async ({ ctx, input }) => ({ acked: await ctx.deps.ackAlarm(input.alarmId, input.by) })),
    /**
     * Release a counter whose clerk is gone (a closed page mid-call, a clerk gone home): the ticket it
     * holds goes back to the queue or to no-show as the hall's queue policy says; journaled with `by`.
     */
    releaseCounter: managerProcedure
      .input(z.object({ counterId: z.string().min(1).max(64), by: z.string().min(1).max(64).default('manager') }))
      .mutation(async ({ ctx, input }) => {
        if (!ctx.deps.counterExists(input.counterId))
          throw new TRPCError({ code: 'NOT_FOUND', message: `no counter ${input.counterId}` });
        const result = await ctx.deps.releaseCounter(input.counterId, input.by);
        if (!result.ok) throw new TRPCError({ code: 'CONFLICT', message: result.message });
        const ticket = result.events.find((e) => e.type === 'ticket.requeued' || e.type === 'ticket.noshow');
        return {
          released: result.events.length > 0,
          ...(ticket && 'ticketNo' in ticket
            ? {
                ticketNo: ticket.ticketNo,
                ticket: ticket.type === 'ticket.requeued' ? ('requeued' as const) : ('noshow' as const),
              }
            : {}),
        };
      }),
    explain: managerProcedure
      .input(z.object({ ticketNo, before: ticketNo }))
      .query(({ ctx, input }) => ({ answer: ctx.deps.explain(input.ticketNo, input.before) })),
  }),
});

export type HubRouter = typeof hubRouter;
