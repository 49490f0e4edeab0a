/**
 * On-site scoring page (现场评分), served by the hub so that it works while the WAN is down; phone first
 * (390×844). A lead or manager signs in once with their own staff number and PIN (the session token
 * stays in this tab only; a clerk's PIN is refused as not a manager); chooses a checklist and the subject — the clerks at counters now first, with the ticket each
 * is serving — ticks each item (pass / fail / n.a., or points), photographs a failed item (the camera
 * through the browser, downscaled here), signs, and submits. The hub checks the form by the cloud's rule
 * and journals it; a refusal names the item. The form id is made when the form starts, so a submit
 * retried after a lost answer is one form.
 */
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { HubRouter } from '@hall/edge';
import { createEffect, createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { createStore, produce } from 'solid-js/store';
import { render } from 'solid-js/web';
import { format, lang, t } from '../../lib/i18n.ts';
import type { MessageKey } from '../../lib/messages/zh-CN.ts';
import { LangSwitch, Name, nameLang } from '../lib/names.tsx';
import '../lib/base.css';
import './onsite.css';
import { dataUrl, downscale, toBlob, uploadPhoto, uuid } from './photos.ts';

type Client = ReturnType<typeof createTRPCClient<HubRouter>>;
type Context = Awaited<ReturnType<Client['onsite']['context']['query']>>;
type Template = Context['templates'][number];
type Answer = { result: 'pass' | 'fail' | 'na' | null; points: number | null; note: string; photos: string[] };
type Subject = { kind: 'clerk' | 'counter' | 'hall'; id: string; counterId: string | null; ticketNo: string | null };

const KEY = 'hall.onsite.token';
document.documentElement.lang = lang();

/** A refusal code from the hub, said in the page's language (with the item's name when it names one). */
function refusal(code: string, params: Record<string, string> = {}): string {
  if (code === 'unreachable') return t('onsiteHub.unreachable');
  const key = `onsiteHub.err.${code}` as MessageKey;
  return format(lang(), key in ERR_KEYS ? key : 'onsiteHub.err.internal', params);
}
const ERR_KEYS: Record<string, true> = Object.fromEntries(
  [
    'onsite-photo-quota',
    'onsite-photo-too-large',
    'onsite-photo-not-image',
    'onsite-busy',
    'onsite-signed-out',
    'onsite-template-unknown',
    'onsite-subject-kind',
    'onsite-subject-unknown',
    'onsite-item-unanswered',
    'onsite-unknown-item',
    'onsite-photo-required',
    'onsite-points-range',
    'onsite-duplicate-item',
    'onsite-photo-missing',
    'onsite-invalid',
    'onsite-not-a-manager',
    'onsite-own-form',
  ].map((c) => [`onsiteHub.err.${c}`, true]),
);

const local = (x: { zh: string; en: string }) => (lang() === 'zh-CN' ? x.zh : x.en);

function SignIn(props: { onSignedIn: (token: string) => void; client: Client }) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<(() => string) | null>(null);
  let staffId!: HTMLInputElement;
  let pin!: HTMLInputElement;
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await props.client.onsite.signIn.mutate({ staffId: staffId.value.trim(), pin: pin.value });
      window.sessionStorage.setItem(KEY, r.token);
      props.onSignedIn(r.token);
    } catch (err) {
      // The hub's sentences are English: the manager gets one from the code (and the wait) instead.
      const data = err instanceof TRPCClientError ? (err as TRPCClientError<HubRouter>).data : undefined;
      const seconds = data?.retryAfterSec ?? 1;
      pin.value = '';
      setError(() =>
        data?.refusal
          ? () => refusal(data.refusal as string)
          : data?.code === 'UNAUTHORIZED'
            ? () => t('onsiteHub.wrongPin')
            : data?.code === 'TOO_MANY_REQUESTS'
              ? () => format(lang(), 'onsiteHub.tooMany', { seconds })
              : () => (data ? refusal('internal') : t('onsiteHub.unreachable')),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="onsite-card onsite-signin" onSubmit={submit}>
      <label>
        {t('onsiteHub.staffId')}
        <input
          ref={staffId}
          name="staffId"
          required
          maxLength={64}
          autocomplete="username"
          autocapitalize="characters"
        />
      </label>
      <label>
        {t('onsiteHub.pin')}
        <input
          ref={pin}
          name="pin"
          type="password"
          inputmode="numeric"
          required
          minLength={6}
          maxLength={12}
          pattern="[0-9]{6,12}"
          title={t('onsiteHub.pinRule')}
          autocomplete="off"
        />
      </label>
      <Show when={error()}>
        {(text) => (
          <p role="alert" class="onsite-error">
            {text()()}
          </p>
        )}
      </Show>
      <button type="submit" class="onsite-primary" disabled={busy()}>
        {t('onsiteHub.signIn')}
      </button>
    </form>
  );
}

function Signature(props: { onChange: (canvas: HTMLCanvasElement | null) => void }) {
  let canvas!: HTMLCanvasElement;
  let drawing = false;
  let drawn = false;
  const ctx = () => canvas.getContext('2d');
  const point = (e: PointerEvent) => {
    const r = canvas.getBoundingClientRect();
    return [((e.clientX - r.left) * canvas.width) / r.width, ((e.clientY - r.top) * canvas.height) / r.height] as const;
  };
  const clear = () => {
    ctx()?.clearRect(0, 0, canvas.width, canvas.height);
    drawn = false;
    props.onChange(null);
  };
  return (
    <div class="onsite-signature">
      <canvas
        ref={canvas}
        width={600}
        height={200}
        aria-label={t('onsiteHub.signHere')}
        onPointerDown={(e) => {
          drawing = true;
          try {
            canvas.setPointerCapture(e.pointerId);
          } catch {
            // a pointer that cannot be captured still draws while it stays on the pad
          }
          const c = ctx();
          if (!c) return;
          c.lineWidth = 3;
          c.lineCap = 'round';
          c.strokeStyle = '#10233a';
          c.beginPath();
          c.moveTo(...point(e));
        }}
        onPointerMove={(e) => {
          if (!drawing) return;
          ctx()?.lineTo(...point(e));
          ctx()?.stroke();
          drawn = true;
        }}
        onPointerUp={() => {
          drawing = false;
          if (drawn) props.onChange(canvas);
        }}
      />
      <button type="button" onClick={clear}>
        {t('onsiteHub.clearSignature')}
      </button>
    </div>
  );
}

function Item(props: {
  item: Template['sections'][number]['items'][number];
  answer: Answer;
  set: (f: (a: Answer) => void) => void;
  token: string;
  onError: (text: () => string) => void;
}) {
  const [uploading, setUploading] = createSignal(false);
  // Previews as data: URLs — the hub's pages allow images from 'self' and data: only (no blob:).
  const [previews, setPreviews] = createSignal<Record<string, string>>({});
  const choose = (result: Answer['result']) =>
    props.set((a) => {
      a.result = result;
      if (props.item.kind === 'points') a.points = result === 'pass' ? (a.points ?? props.item.points) : null;
    });
  const addPhoto = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setUploading(true);
    try {
      const jpeg = await downscale(file);
      const r = await uploadPhoto(props.token, jpeg);
      if (!r.ok) return props.onError(() => refusal(r.code));
      const url = await dataUrl(jpeg);
      setPreviews((p) => ({ ...p, [r.sha256]: url }));
      props.set((a) => {
        if (!a.photos.includes(r.sha256)) a.photos.push(r.sha256);
      });
    } catch {
      props.onError(() => refusal('onsite-photo-not-image'));
    } finally {
      setUploading(false);
    }
  };
  return (
    <li class="onsite-item" data-result={props.answer.result ?? ''}>
      <div class="onsite-item-head">
        <Name text={local(props.item)} />
        <Show when={props.item.critical}>
          <span class="onsite-tag onsite-critical">{t('onsiteHub.critical')}</span>
        </Show>
        <Show when={props.item.photoOnFail}>
          <span class="onsite-tag">{t('onsiteHub.photoOnFail')}</span>
        </Show>
      </div>
      <div class="onsite-choices" role="group" aria-label={local(props.item)}>
        <For each={['pass', 'fail', 'na'] as const}>
          {(r) => (
            <button type="button" aria-pressed={props.answer.result === r} data-choice={r} onClick={() => choose(r)}>
              {t(`onsiteHub.${r}` as MessageKey)}
            </button>
          )}
        </For>
      </div>
      <Show when={props.item.kind === 'points' && props.answer.result === 'pass'}>
        <label class="onsite-points">
          {format(lang(), 'onsiteHub.points', { max: props.item.points })}
          <input
            type="number"
            inputmode="numeric"
            min={0}
            max={props.item.points}
            value={props.answer.points ?? props.item.points}
            onInput={(e) =>
              props.set((a) => {
                const v = Number(e.currentTarget.value);
                a.points = Number.isFinite(v) ? Math.min(props.item.points, Math.max(0, v)) : null;
              })
            }
          />
        </label>
      </Show>
      <Show when={props.answer.result === 'fail'}>
        <label class="onsite-note">
          {t('onsiteHub.note')}
          <input
            maxLength={200}
            value={props.answer.note}
            onInput={(e) => props.set((a) => (a.note = e.currentTarget.value))}
          />
        </label>
        <div class="onsite-photos">
          <For each={props.answer.photos}>
            {(sha) => (
              <span class="onsite-photo">
                <Show when={previews()[sha]}>{(url) => <img src={url()} alt="" />}</Show>
                <button
                  type="button"
                  aria-label={t('onsiteHub.removePhoto')}
                  onClick={() => props.set((a) => (a.photos = a.photos.filter((p) => p !== sha)))}
                >
                  ×
                </button>
              </span>
            )}
          </For>
          <Show when={props.answer.photos.length < 4}>
            <label class="onsite-camera">
              {uploading() ? t('onsiteHub.photoUploading') : t('onsiteHub.addPhoto')}
              <input
                type="file"
                accept="image/*"
                capture="environment"
                disabled={uploading()}
                onChange={(e) => void addPhoto(e.currentTarget)}
              />
            </label>
          </Show>
        </div>
      </Show>
    </li>
  );
}

function Scoring(props: { client: Client; token: string; onSignedOut: () => void }) {
  const [ctx, { refetch }] = createResource(async () => {
    try {
      return { ok: true as const, value: await props.client.onsite.context.query() };
    } catch (err) {
      const code = err instanceof TRPCClientError ? (err.data as { code?: string } | undefined)?.code : undefined;
      if (code === 'UNAUTHORIZED') props.onSignedOut();
      return { ok: false as const };
    }
  });
  const [templateKey, setTemplateKey] = createSignal('');
  const [subject, setSubject] = createSignal<Subject | null>(null);
  const [answers, setAnswers] = createStore<Record<string, Answer>>({});
  const [signature, setSignature] = createSignal<HTMLCanvasElement | null>(null);
  const [message, setMessage] = createSignal<(() => string) | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [done, setDone] = createSignal<{
    points: number;
    maxPoints: number;
    criticalFailed: boolean;
    who: string;
    what: string;
  } | null>(null);
  let formId = uuid();
  const templates = () => (ctx()?.ok ? (ctx() as { value: Context }).value.templates : []);
  const template = () =>
    templates().find((x) => `${x.id}@${x.version}` === templateKey()) ??
    (templates().length === 1 ? templates()[0] : undefined);
  createEffect(() => {
    const tp = template();
    if (tp && subject() && subject()?.kind !== tp.subject) setSubject(null);
  });
  const items = () => template()?.sections.flatMap((s) => s.items) ?? [];
  /** The subject by name (a clerk's, a counter's, the hall's), never by id where a name exists. */
  const subjectName = (s: Subject): string => {
    const c = ctx()?.ok ? (ctx() as { value: Context }).value : null;
    if (!c) return s.id;
    if (s.kind === 'clerk')
      return c.staff.find((x) => x.id === s.id)?.name ?? c.atCounters.find((x) => x.staffId === s.id)?.name ?? s.id;
    if (s.kind === 'counter') return c.counters.find((x) => x.id === s.id)?.name ?? s.id;
    return c.hall.name;
  };
  const answerOf = (id: string): Answer => answers[id] ?? { result: null, points: null, note: '', photos: [] };
  const left = () => items().filter((i) => !answerOf(i.id).result).length;
  const reset = () => {
    formId = uuid();
    setAnswers(produce((a) => Object.keys(a).forEach((k) => delete a[k])));
    setSubject(null);
    setSignature(null);
    setDone(null);
    setMessage(null);
    void refetch();
  };
  const submit = async () => {
    const tp = template();
    const s = subject();
    if (!tp || !s || left() > 0) return;
    setBusy(true);
    setMessage(null);
    try {
      let sig: string | null = null;
      const canvas = signature();
      if (canvas) {
        const r = await uploadPhoto(props.token, await toBlob(canvas, 'image/png'));
        if (!r.ok) return setMessage(() => () => refusal(r.code));
        sig = r.sha256;
      }
      const r = await props.client.onsite.submit.mutate({
        formId,
        templateId: tp.id,
        templateVersion: tp.version,
        subjectKind: s.kind,
        subjectId: s.id,
        counterId: s.counterId,
        ticketNo: s.ticketNo,
        answers: items().map((i) => {
          const a = answerOf(i.id);
          return {
            itemId: i.id,
            result: a.result as 'pass' | 'fail' | 'na',
            points: i.kind === 'points' && a.result === 'pass' ? a.points : null,
            note: a.note.trim() ? a.note.trim() : null,
            photos: a.result === 'fail' ? a.photos : [],
          };
        }),
        signature: sig,
      });
      if (r.ok) return setDone({ ...r, who: subjectName(s), what: local(tp) });
      const item = items().find((i) => i.id === r.itemId);
      setMessage(() => () => refusal(r.code, { item: item ? local(item) : (r.itemId ?? ''), field: r.field ?? '' }));
    } catch (err) {
      const code = err instanceof TRPCClientError ? (err.data as { code?: string } | undefined)?.code : undefined;
      if (code === 'UNAUTHORIZED') return props.onSignedOut();
      setMessage(() => () => t('onsiteHub.unreachable'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Switch>
      <Match when={ctx.loading && !ctx()}>
        <p class="onsite-card" role="status">
          {t('onsiteHub.loading')}
        </p>
      </Match>
      <Match when={ctx() && !ctx()?.ok}>
        <p class="onsite-card onsite-error" role="alert">
          {t('onsiteHub.unreachable')}
        </p>
      </Match>
      <Match when={done()}>
        {(d) => (
          <section class="onsite-card onsite-done" role="status">
            <h2>{format(lang(), 'onsiteHub.done', { points: d().points, max: d().maxPoints })}</h2>
            <p class="onsite-done-who">
              <Name text={d().who} />
              {' · '}
              {d().what}
            </p>
            <Show when={d().criticalFailed}>
              <p class="onsite-error">{t('onsiteHub.doneCritical')}</p>
            </Show>
            <p>{t('onsiteHub.doneForward')}</p>
            <button type="button" class="onsite-primary" onClick={reset}>
              {t('onsiteHub.another')}
            </button>
          </section>
        )}
      </Match>
      <Match when={ctx()?.ok && templates().length === 0}>
        <p class="onsite-card" role="status">
          {t('onsiteHub.noTemplates')}
        </p>
      </Match>
      <Match when={ctx()?.ok && (ctx() as { value: Context }).value}>
        {(c) => (
          <>
            <section class="onsite-card">
              <p class="onsite-scorer">
                {t('onsiteHub.scoringAs')}{' '}
                <strong>
                  <Name text={c().scorer.name} />
                </strong>
              </p>
              <label>
                {t('onsiteHub.template')}
                <select
                  value={template() ? `${template()?.id}@${template()?.version}` : ''}
                  onChange={(e) => setTemplateKey(e.currentTarget.value)}
                >
                  <Show when={!template()}>
                    <option value="">—</option>
                  </Show>
                  <For each={templates()}>{(x) => <option value={`${x.id}@${x.version}`}>{local(x)}</option>}</For>
                </select>
              </label>
            </section>
            <Show when={template()}>
              {(tp) => (
                <>
                  <section class="onsite-card">
                    <h2>{t('onsiteHub.subject')}</h2>
                    <Show when={tp().subject === 'clerk'}>
                      <Show when={c().atCounters.length > 0}>
                        <h3>{t('onsiteHub.atCounters')}</h3>
                        <ul class="onsite-subjects">
                          <For each={c().atCounters}>
                            {(a) => (
                              <li>
                                <button
                                  type="button"
                                  aria-pressed={subject()?.id === a.staffId}
                                  onClick={() =>
                                    setSubject({
                                      kind: 'clerk',
                                      id: a.staffId,
                                      counterId: a.counterId,
                                      ticketNo: a.ticketNo,
                                    })
                                  }
                                >
                                  <strong>
                                    <Name text={a.name ?? a.staffId} />
                                  </strong>
                                  <span>
                                    <Name text={a.counterName} />
                                    {' · '}
                                    {a.ticketNo
                                      ? format(lang(), 'onsiteHub.serving', { ticket: a.ticketNo })
                                      : t('onsiteHub.idle')}
                                  </span>
                                </button>
                              </li>
                            )}
                          </For>
                        </ul>
                      </Show>
                      <label>
                        {t('onsiteHub.otherClerk')}
                        <select
                          value={subject()?.kind === 'clerk' && !subject()?.counterId ? subject()?.id : ''}
                          onChange={(e) =>
                            setSubject(
                              e.currentTarget.value
                                ? { kind: 'clerk', id: e.currentTarget.value, counterId: null, ticketNo: null }
                                : null,
                            )
                          }
                        >
                          <option value="">{t('onsiteHub.chooseClerk')}</option>
                          <For each={c().staff}>
                            {(s) => (
                              <option value={s.id} lang={nameLang(s.name)}>
                                {s.name}
                              </option>
                            )}
                          </For>
                        </select>
                      </label>
                    </Show>
                    <Show when={tp().subject === 'counter'}>
                      <select
                        aria-label={t('onsiteHub.chooseCounter')}
                        value={subject()?.id ?? ''}
                        onChange={(e) =>
                          setSubject(
                            e.currentTarget.value
                              ? {
                                  kind: 'counter',
                                  id: e.currentTarget.value,
                                  counterId: e.currentTarget.value,
                                  ticketNo: null,
                                }
                              : null,
                          )
                        }
                      >
                        <option value="">{t('onsiteHub.chooseCounter')}</option>
                        <For each={c().counters}>
                          {(x) => (
                            <option value={x.id} lang={nameLang(x.name)}>
                              {x.name}
                            </option>
                          )}
                        </For>
                      </select>
                    </Show>
                    <Show when={tp().subject === 'hall'}>
                      <button
                        type="button"
                        aria-pressed={subject()?.kind === 'hall'}
                        onClick={() => setSubject({ kind: 'hall', id: c().hall.id, counterId: null, ticketNo: null })}
                      >
                        {format(lang(), 'onsiteHub.wholeHall', { hall: c().hall.name })}
                      </button>
                    </Show>
                  </section>
                  <For each={tp().sections}>
                    {(section) => (
                      <section class="onsite-card">
                        <h2>
                          <Name text={local(section)} />
                        </h2>
                        <ul class="onsite-items">
                          <For each={section.items}>
                            {(item) => (
                              <Item
                                item={item}
                                answer={answerOf(item.id)}
                                token={props.token}
                                onError={(text) => setMessage(() => text)}
                                set={(f) =>
                                  setAnswers(
                                    produce((all) => {
                                      const a = all[item.id] ?? { result: null, points: null, note: '', photos: [] };
                                      f(a);
                                      all[item.id] = a;
                                    }),
                                  )
                                }
                              />
                            )}
                          </For>
                        </ul>
                      </section>
                    )}
                  </For>
                  <section class="onsite-card">
                    <h2>{t('onsiteHub.signature')}</h2>
                    <Signature onChange={setSignature} />
                  </section>
                  <div class="onsite-submit">
                    <Show when={message()}>
                      {(text) => (
                        <p role="alert" class="onsite-error">
                          {text()()}
                        </p>
                      )}
                    </Show>
                    <Show when={left() > 0}>
                      <p>{format(lang(), 'onsiteHub.left', { n: left() })}</p>
                    </Show>
                    <button
                      type="button"
                      class="onsite-primary"
                      disabled={busy() || left() > 0 || !subject()}
                      onClick={() => void submit()}
                    >
                      {busy() ? t('onsiteHub.submitting') : t('onsiteHub.submit')}
                    </button>
                    <p class="onsite-quota">
                      {format(lang(), 'onsiteHub.photoQuota', { count: c().photos.count, max: c().photos.maxCount })}
                    </p>
                  </div>
                </>
              )}
            </Show>
          </>
        )}
      </Match>
    </Switch>
  );
}

function Onsite() {
  const [token, setToken] = createSignal(window.sessionStorage.getItem(KEY) ?? '');
  const client = createTRPCClient<HubRouter>({
    links: [
      httpBatchLink({ url: `${window.location.origin}/trpc`, headers: () => ({ authorization: `Bearer ${token()}` }) }),
    ],
  });
  createEffect(() => (document.title = t('onsiteHub.title')));
  const signOut = () => {
    if (token()) void client.onsite.signOut.mutate().catch(() => undefined);
    window.sessionStorage.removeItem(KEY);
    setToken('');
  };
  return (
    <main class="onsite-page">
      <header>
        <h1>{t('onsiteHub.title')}</h1>
        <div class="onsite-header-actions">
          <Show when={token()}>
            <button type="button" onClick={signOut}>
              {t('onsiteHub.signOut')}
            </button>
          </Show>
          <LangSwitch />
        </div>
      </header>
      <Show when={token()} fallback={<SignIn client={client} onSignedIn={setToken} />} keyed>
        {(tk) => (
          <Scoring
            client={client}
            token={tk}
            onSignedOut={() => {
              window.sessionStorage.removeItem(KEY);
              setToken('');
            }}
          />
        )}
      </Show>
    </main>
  );
}

const root = document.getElementById('root');
if (root) render(() => <Onsite />, root);
