/**
 * How the question bank and exam pages say things: a question's kind, its options' letters, points and
 * scores, an exam's state and window in the halls' time, a time left as 分/秒, and a refusal said at the
 * field it is about. One place, so the bank, the exam pages and a clerk's phone agree.
 */
import { TRPCClientError } from '@trpc/client';
import { createSignal, Show } from 'solid-js';
import { errorMessage, type Outputs } from '../../api.ts';
import { count, decimal, percent } from '../../format.ts';
import { lang, t, type ConsoleKey } from '../../i18n.ts';
import { HALL_ZONE } from '../inventory/more-text.tsx';
import { moment } from './training-text.tsx';

export type Question = Outputs['training']['questions']['rows'][number];
export type QuestionKind = Question['kind'];
export type ExamListed = Outputs['training']['exams'][number];
export type ExamResults = Outputs['training']['examResults'];
export type MyExam = Outputs['training']['myExams'][number];
export type Attempt = Outputs['training']['myAttempt'];
export type AttemptItem = Attempt['items'][number];
export type GivenAnswer = Attempt['answers'][string];

export const QUESTION_KINDS: readonly QuestionKind[] = ['single', 'multiple', 'truefalse', 'short'];
/** Options a choice question has at most (exams.service.ts MAX_OPTIONS). */
export const MAX_OPTIONS = 8;

export const questionKindName = (k: QuestionKind) => t(`training.questions.kind.${k}`);

/** The kind as a badge (单选 / 多选 / 判断 / 简答). */
export function QuestionKindBadge(props: { kind: QuestionKind }) {
  return (
    <span class={`badge qkind qkind-${props.kind}`} data-kind={props.kind}>
      {questionKindName(props.kind)}
    </span>
  );
}

/** An option's letter: A for the first, H for the eighth. */
export const letter = (i: number) => String.fromCharCode(65 + i);

/** Points as a number: whole, or to a half (a partly right answer earns half points). */
export const pointsNumber = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : Number.isInteger(x) ? count(x) : decimal(x, 1);

/** "2 分" / "2 pts". */
export const pointsText = (x: number | null | undefined) => t('training.questions.points', { n: pointsNumber(x) });

/** A score the cloud gives as a percentage (0–100, one decimal) in the UI's way: 85.5%. */
export const score = (p: number | null | undefined) => (p === null || p === undefined ? '—' : percent(p / 100));

/** A pass mark (a whole percentage). */
export const passMark = (p: number) => percent(p / 100);

/** True or false as the UI says it (对 / 错). */
export const truthName = (v: boolean) => t(v ? 'training.questions.true' : 'training.questions.false');

export type ExamState = 'upcoming' | 'open' | 'closed';

/** Where an exam stands now: not yet open, open, or closed. */
export function examState(e: { opensAt: string | Date; closesAt: string | Date | null }, now = Date.now()): ExamState {
  if (Date.parse(String(e.opensAt)) > now) return 'upcoming';
  if (e.closesAt !== null && Date.parse(String(e.closesAt)) <= now) return 'closed';
  return 'open';
}

export function ExamStateBadge(props: { state: ExamState }) {
  const tone = () => (props.state === 'open' ? 'ok' : props.state === 'upcoming' ? 'warning' : '');
  return (
    <span class={`badge ${tone()}`} data-state={props.state}>
      {t(`training.exams.state.${props.state}`)}
    </span>
  );
}

/** An exam's window in the halls' time: "12月1日 09:00 – 12月8日 18:00", or open-ended "12月1日 09:00 起". */
export const examWindow = (e: { opensAt: string | Date; closesAt: string | Date | null }) =>
  e.closesAt === null
    ? t('training.exams.windowFrom', { from: moment(e.opensAt) })
    : t('training.exams.windowRange', { from: moment(e.opensAt), to: moment(e.closesAt) });

/** Time left as people read it on a countdown: "1小时5分" under a day, "12分08秒", "45秒" / "12 min 08 s". */
export function timeLeft(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return t('training.attempt.leftHours', { h: count(h), m: two(m) });
  if (m > 0) return t('training.attempt.leftMinutes', { m: count(m), s: two(sec) });
  return t('training.attempt.leftSeconds', { s: count(sec) });
}

/** A moment's date (YYYY-MM-DD) and time (HH:MM) on the halls' clocks, for a date and a time field. */
export function hallParts(at: Date | number): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: HALL_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** A date and time typed on the halls' clocks as the instant it is (ISO); null when either is not a date or time. */
export function hallInstant(date: string, time: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !m) return null;
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(m[1]), Number(m[2]));
  if (Number.isNaN(wall)) return null;
  // The zone's offset at that moment: the wall time read back in the zone, less the guess.
  const back = hallParts(wall);
  const [y, mo, da] = back.date.split('-').map(Number) as [number, number, number];
  const [hh, mi] = back.time.split(':').map(Number) as [number, number];
  const offset = Date.UTC(y, mo - 1, da, hh, mi) - wall;
  return new Date(wall - offset).toISOString();
}

/** The input field a refusal is about (the cloud names it), if any. */
export function refusedField(err: unknown): string | null {
  if (!(err instanceof TRPCClientError)) return null;
  const fields = (err.data as { fields?: string[] } | undefined)?.fields;
  return fields?.[0] ?? null;
}

/** Whether the cloud said why in words of its own (a detail code), not only which field. */
const hasDetail = (err: unknown) =>
  err instanceof TRPCClientError && Boolean((err.data as { detail?: unknown } | undefined)?.detail);

/**
 * A form's refusal, said next to the field it is about (or under the form when it is about none shown).
 * The cloud names a field by its path in the input (`question.options.3`): the form's field in it counts.
 */
export function createFieldErrors(fields: readonly string[]) {
  const [state, setState] = createSignal<{ field: string | null; say: () => string } | null>(null);
  return {
    /** The message for this field, if the last refusal was about it. */
    at: (field: string) => {
      const s = state();
      return s && s.field === field ? s.say() : null;
    },
    /** The message when the last refusal was about no field the form shows. */
    elsewhere: () => {
      const s = state();
      return s && (s.field === null || !fields.includes(s.field)) ? s.say() : null;
    },
    fail(err: unknown) {
      const path = refusedField(err)?.split('.') ?? [];
      const field = fields.find((f) => path.includes(f)) ?? null;
      // A field refused by its shape alone (empty, too long) is said as such, at the field.
      setState({
        field,
        say: () => (field && !hasDetail(err) ? t('training.exams.form.checkField') : errorMessage(err)),
      });
    },
    failAt(field: string, key: ConsoleKey, params?: Record<string, string | number>) {
      setState({ field, say: () => t(key, params) });
    },
    clear: () => setState(null),
  };
}
export type FieldErrors = ReturnType<typeof createFieldErrors>;

/** A refusal under its field (nothing when the field is fine). */
export function FieldError(props: { of: FieldErrors; field: string }) {
  return (
    <Show when={props.of.at(props.field)}>
      {(m) => (
        <span class="field-error error" role="alert" data-field-error={props.field}>
          {m()}
        </span>
      )}
    </Show>
  );
}

/** A list of data (keywords): joined as its own language writes a list (、 between Chinese words). */
export const dataList = (words: readonly string[]) =>
  words.join(words.some((w) => /\p{Script=Han}/u.test(w)) ? '、' : ', ');

/** A mean of points to a tenth at most (5, 2.5). */
export const meanPoints = (x: number) => pointsNumber(Math.round(x * 10) / 10);

/** The rate something was right, as a share (null when never asked). */
export const rightRate = (right: number, asked: number) => (asked > 0 ? right / asked : null);

/** Whether the UI is in Chinese (some phrases are built differently). */
export const zh = () => lang() === 'zh-CN';

/** Whether an answer says something (an empty choice or text is no answer). */
export function answered(a: GivenAnswer | undefined): boolean {
  if (!a) return false;
  if ('choices' in a) return a.choices.length > 0;
  if ('truth' in a) return true;
  return a.text.trim().length > 0;
}
