/**
 * The demo's on-site scoring (现场评分), made through the cloud's API at the first start, before the KPI
 * facts are backfilled: the default checklists (`onsite.seedDefaults`: they reach every hall's config and
 * hub), then for every week of each hall's history a few forms — the counter-service checklist on
 * clerks who were at a counter that day (read from the history's counter sessions through
 * `adherence.range`), scored during their time at the counter, and the hall-environment checklist an
 * hour after opening. Answers are drawn from a generator seeded by the hall, so every start draws the
 * same; a few items fail (with a photo where the item needs one, when the cloud's blob endpoint takes
 * it), and failed items get corrective actions — most closed, the oldest left open and overdue. A hall
 * that already has forms in its history is left alone, so later starts make nothing.
 */
import { createHash } from 'node:crypto';
import { addDays } from '@hall/devices/calendar';
import { png } from './demo-png.ts';

export interface Api {
  get<T>(path: string, input?: unknown): Promise<T>;
  call<T>(path: string, input: unknown): Promise<T>;
}

interface Item {
  id: string;
  kind: 'points' | 'pass-fail';
  points: number;
  critical: boolean;
  photoOnFail: boolean;
}
interface Template {
  id: string;
  version: number;
  subject: 'clerk' | 'counter' | 'hall';
  sections: Array<{ items: Item[] }>;
}
interface Context {
  hall: { id: string; timeZone: string };
  templates: Template[];
}
interface Span {
  from: number;
  to: number;
}
interface AdherenceDay {
  date: string;
  clerks: Array<{ employeeId: string | null; staffId: string; workedMinutes: number; actual: Span[] }>;
}

/** A small deterministic generator (mulberry32), seeded by a string. */
function random(seed: string) {
  let a = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 160×120 PNG standing in for a photo (a coloured card). */
export const demoPhoto = (hue: number): Uint8Array =>
  png(160, 120, (x, y) =>
    x > 40 && x < 120 && y > 30 && y < 90 ? [245, 245, 245] : [(hue * 3 + y) & 255, (90 + x) & 255, 120],
  );

/**
 * `upload` stores a photo's bytes in the cloud's blob store for a hall and answers its name, or null
 * when it cannot (the endpoint missing): failed items that need a photo are then not failed.
 */
export async function demoOnsite(
  api: Api,
  halls: ReadonlyArray<{ scenario: { hall: { id: string } } }>,
  opts: { historyDays: number; upload?: (hallId: string, bytes: Uint8Array) => Promise<string | null> },
): Promise<{ forms: number; actions: number }> {
  await api.call('onsite.seedDefaults', undefined);
  let forms = 0;
  let actions = 0;
  for (const h of halls) {
    const hallId = h.scenario.hall.id;
    const ctx = await api.get<Context>('onsite.scoringContext', { hallId });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: ctx.hall.timeZone }).format(new Date());
    const from = addDays(today, -Math.min(opts.historyDays, 35));
    const to = addDays(today, -1);
    const existing = await api.get<{ forms: unknown[] }>('onsite.forms', { hallId, from, to });
    if (existing.forms.length) continue;
    const service = ctx.templates.find((t) => t.subject === 'clerk');
    const env = ctx.templates.find((t) => t.subject === 'hall');
    if (!service || !env) continue;
    const owners = await api.get<{ employees: Array<{ id: string; role: string }> }>('onsite.actionOwners', { hallId });
    const lead = owners.employees.find((e) => e.role !== 'clerk') ?? owners.employees[0];
    const adherence = await api.get<{ days: AdherenceDay[] }>('adherence.range', {
      hallId,
      fromDate: from,
      toDate: to,
    });
    const rnd = random(`onsite:${hallId}`);
    const photo = opts.upload ? await opts.upload(hallId, demoPhoto(hallId.length * 17)).catch(() => null) : null;
    const opened: Array<{ formId: string; itemId: string; due: string; day: string }> = [];

    const answersFor = (t: Template, failRate: number) =>
      t.sections.flatMap((s) =>
        s.items.map((i) => {
          const r = rnd();
          const canFail = !i.photoOnFail || photo !== null;
          const fail = canFail && r < failRate * (i.critical ? 0.35 : 1);
          const na = !fail && r > 0.97;
          return {
            itemId: i.id,
            result: fail ? ('fail' as const) : na ? ('na' as const) : ('pass' as const),
            points: !fail && !na && i.kind === 'points' ? Math.max(i.points - Math.floor(rnd() * 3), 0) : null,
            note: null,
            photos: fail && i.photoOnFail && photo ? [photo] : [],
          };
        }),
      );

    const submit = async (o: {
      t: Template;
      day: string;
      at: number;
      subjectId: string;
      ownerEmployeeId: string | null | undefined;
      failRate: number;
    }) => {
      const formId = crypto.randomUUID();
      const answers = answersFor(o.t, o.failRate);
      const failed = answers.filter((a) => a.result === 'fail');
      const due = addDays(o.day, 3);
      await api.call('onsite.submit', {
        hallId,
        formId,
        templateId: o.t.id,
        templateVersion: o.t.version,
        subjectKind: o.t.subject,
        subjectId: o.subjectId,
        answers,
        scoredAt: o.at,
        actions:
          o.ownerEmployeeId && failed[0]
            ? [
                {
                  itemId: failed[0].itemId,
                  description: '班前会复训，次日复查',
                  ownerEmployeeId: o.ownerEmployeeId,
                  dueDate: due,
                },
              ]
            : [],
      });
      forms++;
      if (o.ownerEmployeeId && failed[0]) opened.push({ formId, itemId: failed[0].itemId, due, day: o.day });
    };

    // Per week of history: two clerks scored at their counter, the hall checked once.
    for (let week = 0; week * 7 < adherence.days.length; week++) {
      const days = adherence.days.slice(week * 7, week * 7 + 7);
      const worked = days.flatMap((d) =>
        d.clerks.filter((c) => c.workedMinutes >= 60 && c.actual.length > 0).map((c) => ({ day: d.date, c })),
      );
      for (let k = 0; k < 2 && worked.length; k++) {
        const [pick] = worked.splice(Math.floor(rnd() * worked.length), 1);
        if (!pick) break;
        const span = pick.c.actual[0] as Span;
        const at = span.from + Math.min(span.to - span.from - 60_000, (20 + Math.floor(rnd() * 90)) * 60_000);
        await submit({
          t: service,
          day: pick.day,
          at,
          subjectId: pick.c.staffId,
          ownerEmployeeId: pick.c.employeeId,
          failRate: 0.12,
        });
      }
      const open = days.find((d) => d.clerks.some((c) => c.actual.length > 0));
      if (open) {
        const first = Math.min(...open.clerks.flatMap((c) => c.actual.map((s) => s.from)));
        await submit({
          t: env,
          day: open.date,
          at: first + 3_600_000,
          subjectId: hallId,
          ownerEmployeeId: lead?.id,
          failRate: 0.1,
        });
      }
    }

    // Corrective actions: the oldest stays open (overdue now); the others were put right.
    const list = await api.get<{ actions: Array<{ id: string; formId: string }> }>('onsite.actions', { hallId });
    actions += list.actions.length;
    const oldest = [...opened].sort((a, b) => (a.day < b.day ? -1 : 1))[0];
    for (const a of list.actions)
      if (a.formId !== oldest?.formId && rnd() < 0.8)
        await api.call('onsite.closeAction', { hallId, actionId: a.id, note: '已复训，复查合格' });
  }
  return { forms, actions };
}

/** Uploads bytes to the cloud's blob endpoint as a signed-in user (PUT /blobs/<sha256>?hall=…). */
export function blobUploader(base: string, who: { username: string; password: string }) {
  let headers: Promise<Record<string, string>> | null = null;
  const signIn = async () => {
    const login = await fetch(`${base}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify(who),
    });
    const cookies = login.headers.getSetCookie();
    return {
      cookie: cookies.map((c) => c.split(';')[0]).join('; '),
      'x-csrf-token': decodeURIComponent(/hall_csrf=([^;]+)/.exec(cookies.join(';'))?.[1] ?? ''),
      origin: base,
    };
  };
  /** A hall's id, or a use the blob is shared for (a catalogue photo, a training file). */
  return async (hall: string | { scope: 'catalogue' | 'training' }, bytes: Uint8Array): Promise<string | null> => {
    headers ??= signIn();
    const sha = createHash('sha256').update(bytes).digest('hex');
    const to = typeof hall === 'string' ? `hall=${encodeURIComponent(hall)}` : `scope=${hall.scope}`;
    const res = await fetch(`${base}/blobs/${sha}?${to}`, {
      method: 'PUT',
      headers: { ...(await headers), 'content-type': 'image/png' },
      body: new Blob([Buffer.from(bytes)]),
    });
    return res.ok ? sha : null;
  };
}
