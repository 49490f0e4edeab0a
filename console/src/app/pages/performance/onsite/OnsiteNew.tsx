/**
 * 现场评分 Scoring on a phone (/halls/:hallId/onsite/new): choose a checklist, then whom or what it is
 * about (for a clerk, those at a counter now first, with the ticket each is serving), tick each item
 * (pass / fail / n.a., points where the item has them), photograph a failed item (the camera through
 * the browser; downscaled before upload), open a corrective action on it, sign, submit. The form's id
 * is made once when the page opens, so submitting again after a lost answer stores one form.
 */
import { A, useNavigate, useParams } from '@solidjs/router';
import { batch, createMemo, createResource, createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { api, errorMessage, type Outputs } from '../../../api.ts';
import { Loaded } from '../../../components/States.tsx';
import { clockIn, dataLang } from '../../../format.ts';
import { t } from '../../../i18n.ts';
import { blobUrl, downscale, uploadBlob } from './photos.ts';
import { dayLabel, named, newFormId, shiftDay } from './onsite-text.ts';
import './onsite.css';

type Context = Outputs['onsite']['scoringContext'];
type Template = Context['templates'][number];
type Item = Template['sections'][number]['items'][number];
type Owners = Outputs['onsite']['actionOwners'];

interface AnswerState {
  result: 'pass' | 'fail' | 'na' | null;
  points: number | null;
  note: string;
  photos: string[];
  uploading: boolean;
  action: boolean;
  owner: string;
  dueDate: string;
  description: string;
}

export default function OnsiteNewPage() {
  const params = useParams<{ hallId: string }>();
  const [ctx, { refetch }] = createResource(
    () => params.hallId,
    async (hallId) => ({
      ctx: await api.onsite.scoringContext.query({ hallId }),
      owners: await api.onsite.actionOwners.query({ hallId }),
    }),
  );
  return (
    <section class="onsite-page onsite-new">
      <Loaded of={ctx} retry={() => void refetch()} refused="onsite.refused">
        {(c) => <ScoringForm hallId={params.hallId} ctx={c().ctx} owners={c().owners} />}
      </Loaded>
    </section>
  );
}

function ScoringForm(props: { hallId: string; ctx: Context; owners: Owners }) {
  const navigate = useNavigate();
  const formId = newFormId();
  const today = clockIn(props.ctx.hall.timeZone).date;
  const [templateId, setTemplateId] = createSignal<string | null>(null);
  const template = createMemo(() => props.ctx.templates.find((x) => x.id === templateId()) ?? null);
  const [subject, setSubject] = createSignal<{ id: string; counterId?: string; ticketNo?: string } | null>(null);
  const [answers, setAnswers] = createStore<Record<string, AnswerState>>({});
  const [signature, setSignature] = createSignal<HTMLCanvasElement | null>(null);
  const [signed, setSigned] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  const chooseTemplate = (id: string) => {
    const tpl = props.ctx.templates.find((x) => x.id === id);
    const fresh: Record<string, AnswerState> = {};
    for (const s of tpl?.sections ?? [])
      for (const i of s.items)
        fresh[i.id] = {
          result: null,
          points: null,
          note: '',
          photos: [],
          uploading: false,
          action: false,
          owner: '',
          dueDate: shiftDay(today, 7),
          description: '',
        };
    // The answers first: the items render as soon as the template is chosen.
    batch(() => {
      setAnswers(reconcile(fresh));
      setSubject(tpl?.subject === 'hall' ? { id: props.ctx.hall.id } : null);
      setTemplateId(id);
    });
  };
  const only = props.ctx.templates.length === 1 ? props.ctx.templates[0] : undefined;
  if (only) chooseTemplate(only.id);

  const items = () => template()?.sections.flatMap((s) => s.items) ?? [];
  const missing = () => items().filter((i) => !answers[i.id]?.result).length;
  const photoMissing = () =>
    items().filter((i) => answers[i.id]?.result === 'fail' && i.photoOnFail && !answers[i.id]?.photos.length);
  const uploading = () => items().some((i) => answers[i.id]?.uploading);
  const ready = () =>
    !!template() &&
    !!subject() &&
    missing() === 0 &&
    photoMissing().length === 0 &&
    !uploading() &&
    signed() &&
    !busy();

  const addPhoto = async (itemId: string, file: File | undefined) => {
    if (!file) return;
    setError(null);
    setAnswers(itemId, 'uploading', true);
    try {
      const sha = await uploadBlob(props.hallId, await downscale(file));
      setAnswers(itemId, 'photos', (p) => (p.includes(sha) ? p : [...p, sha].slice(0, 4)));
    } catch {
      setError(t('onsite.new.photoFailed'));
    } finally {
      setAnswers(itemId, 'uploading', false);
    }
  };

  const submit = async () => {
    const tpl = template();
    const subj = subject();
    const canvas = signature();
    if (!tpl || !subj || !canvas) return;
    setBusy(true);
    setError(null);
    try {
      const png = await new Promise<Blob>((resolve, reject) =>
        canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no PNG'))), 'image/png'),
      );
      const sig = await uploadBlob(props.hallId, png);
      const list = tpl.sections.flatMap((s) => s.items);
      await api.onsite.submit.mutate({
        hallId: props.hallId,
        formId,
        templateId: tpl.id,
        templateVersion: tpl.version,
        subjectKind: tpl.subject,
        subjectId: subj.id,
        counterId: subj.counterId ?? null,
        ticketNo: subj.ticketNo ?? null,
        signature: sig,
        answers: list.map((i) => {
          const a = answers[i.id] as AnswerState;
          return {
            itemId: i.id,
            result: a.result ?? 'na',
            points: i.kind === 'points' && a.result === 'pass' ? (a.points ?? i.points) : null,
            note: a.note.trim() || null,
            photos: a.result === 'fail' ? a.photos : [],
          };
        }),
        actions: list
          .filter((i) => answers[i.id]?.result === 'fail' && answers[i.id]?.action && answers[i.id]?.owner)
          .map((i) => {
            const a = answers[i.id] as AnswerState;
            const [kind, id] = a.owner.split(':') as ['e' | 'u', string];
            return {
              itemId: i.id,
              description: a.description.trim() || named(i),
              ...(kind === 'e' ? { ownerEmployeeId: id } : { ownerUserId: id }),
              dueDate: a.dueDate,
            };
          }),
      });
      navigate(`/halls/${props.hallId}/onsite?form=${formId}`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p class="crumbs">
        <A href={`/halls/${props.hallId}/onsite`}>
          {t('onsite.list.title')} · <span lang={dataLang(props.ctx.hall.name)}>{props.ctx.hall.name}</span>
        </A>
      </p>
      <h1>{t('onsite.new.title')}</h1>
      <Show when={props.ctx.templates.length > 0} fallback={<p class="state empty">{t('onsite.new.noTemplates')}</p>}>
        <fieldset class="step">
          <legend>{t('onsite.new.template')}</legend>
          <div class="chips">
            <For each={props.ctx.templates}>
              {(tpl) => (
                <label class="choice">
                  <input
                    type="radio"
                    name="template"
                    checked={templateId() === tpl.id}
                    onChange={() => chooseTemplate(tpl.id)}
                  />
                  {named(tpl)}
                </label>
              )}
            </For>
          </div>
        </fieldset>
        <Show when={template()}>
          {(tpl) => (
            <>
              <SubjectStep ctx={props.ctx} template={tpl()} subject={subject()} choose={setSubject} />
              <For each={tpl().sections}>
                {(section) => (
                  <fieldset class="step items">
                    <legend>{named(section)}</legend>
                    <For each={section.items}>
                      {(item) => (
                        <ItemRow
                          item={item}
                          answer={answers[item.id] as AnswerState}
                          owners={props.owners}
                          today={today}
                          set={(k, v) => setAnswers(item.id, k, v as never)}
                          addPhoto={(f) => void addPhoto(item.id, f)}
                        />
                      )}
                    </For>
                  </fieldset>
                )}
              </For>
              <fieldset class="step">
                <legend>{t('onsite.new.signature')}</legend>
                <SignaturePad ref={setSignature} onSigned={setSigned} />
              </fieldset>
              <div class="submit-bar">
                <p class="muted" role="status">
                  <Show when={missing() === 0} fallback={t('onsite.new.itemsLeft', { n: missing() })}>
                    <Show
                      when={photoMissing().length === 0}
                      fallback={t('onsite.new.photosLeft', { n: photoMissing().length })}
                    >
                      {subject()
                        ? signed()
                          ? t('onsite.new.ready')
                          : t('onsite.new.signFirst')
                        : t('onsite.new.subjectFirst')}
                    </Show>
                  </Show>
                </p>
                <Show when={error()}>
                  <p class="error" role="alert">
                    {error()}
                  </p>
                </Show>
                <button type="button" class="primary" disabled={!ready()} onClick={() => void submit()}>
                  {busy() ? t('onsite.new.submitting') : t('onsite.new.submit')}
                </button>
              </div>
            </>
          )}
        </Show>
      </Show>
    </>
  );
}

function SubjectStep(props: {
  ctx: Context;
  template: Template;
  subject: { id: string } | null;
  choose: (s: { id: string; counterId?: string; ticketNo?: string }) => void;
}) {
  const atCounters = () => props.ctx.clerks.filter((c) => c.counter);
  const others = () => props.ctx.clerks.filter((c) => !c.counter);
  return (
    <fieldset class="step subject">
      <legend>{t(`onsite.new.subject.${props.template.subject}`)}</legend>
      <Show when={props.template.subject === 'clerk'}>
        <Show when={atCounters().length > 0}>
          <p class="hint">{t('onsite.new.atCounters')}</p>
          <div class="clerks">
            <For each={atCounters()}>
              {(c) => (
                <label class="clerk-card" data-staff={c.staffId}>
                  <input
                    type="radio"
                    name="subject"
                    checked={props.subject?.id === c.staffId}
                    onChange={() =>
                      props.choose({
                        id: c.staffId,
                        ...(c.counter ? { counterId: c.counter.counterId } : {}),
                        ...(c.counter?.ticket ? { ticketNo: c.counter.ticket.ticketNo } : {}),
                      })
                    }
                  />
                  <span class="who">
                    <strong lang={dataLang(c.name)}>{c.name}</strong>
                    <span lang={dataLang(c.counter?.counterName)}>{c.counter?.counterName}</span>
                  </span>
                  <Show when={c.counter?.ticket} fallback={<span class="muted">{t('onsite.new.noTicket')}</span>}>
                    {(tk) => (
                      <span class="ticket">
                        {t(tk().serving ? 'onsite.new.serving' : 'onsite.new.calling', { ticket: tk().ticketNo })}
                        {' · '}
                        <span lang={dataLang(tk().serviceName)}>{tk().serviceName}</span>
                      </span>
                    )}
                  </Show>
                </label>
              )}
            </For>
          </div>
        </Show>
        <Show when={others().length > 0}>
          <label class="field">
            <span>{atCounters().length ? t('onsite.new.otherClerks') : t('onsite.new.clerk')}</span>
            <select
              onChange={(e) => e.currentTarget.value && props.choose({ id: e.currentTarget.value })}
              value={others().some((c) => c.staffId === props.subject?.id) ? props.subject?.id : ''}
            >
              <option value="">{t('onsite.new.choose')}</option>
              <For each={others()}>{(c) => <option value={c.staffId}>{c.name}</option>}</For>
            </select>
          </label>
        </Show>
      </Show>
      <Show when={props.template.subject === 'counter'}>
        <label class="field">
          <span>{t('onsite.new.counter')}</span>
          <select
            onChange={(e) =>
              e.currentTarget.value && props.choose({ id: e.currentTarget.value, counterId: e.currentTarget.value })
            }
          >
            <option value="">{t('onsite.new.choose')}</option>
            <For each={props.ctx.counters}>{(c) => <option value={c.id}>{c.name}</option>}</For>
          </select>
        </label>
      </Show>
      <Show when={props.template.subject === 'hall'}>
        <p lang={dataLang(props.ctx.hall.name)}>{props.ctx.hall.name}</p>
      </Show>
    </fieldset>
  );
}

function ItemRow(props: {
  item: Item;
  answer: AnswerState;
  owners: Owners;
  today: string;
  set: <K extends keyof AnswerState>(k: K, v: AnswerState[K]) => void;
  addPhoto: (f: File | undefined) => void;
}) {
  const a = () => props.answer;
  const choice = (r: 'pass' | 'fail' | 'na', label: string) => (
    <button type="button" class={`seg ${r}`} aria-pressed={a().result === r} onClick={() => props.set('result', r)}>
      {label}
    </button>
  );
  return (
    <div class="item" data-item={props.item.id} data-result={a().result ?? ''}>
      <div class="item-head">
        <span class="item-name">{named(props.item)}</span>
        <span class="item-meta">
          {t('onsite.points', { n: props.item.points })}
          <Show when={props.item.critical}>
            <span class="badge critical">{t('onsite.critical')}</span>
          </Show>
        </span>
      </div>
      <div class="segs" role="group" aria-label={named(props.item)}>
        {choice('pass', t('onsite.result.pass'))}
        {choice('fail', t('onsite.result.fail'))}
        {choice('na', t('onsite.result.na'))}
      </div>
      <Show when={props.item.kind === 'points' && a().result === 'pass'}>
        <label class="field inline">
          <span>{t('onsite.new.pointsGiven', { max: props.item.points })}</span>
          <input
            type="number"
            inputmode="numeric"
            min="0"
            max={props.item.points}
            value={a().points ?? props.item.points}
            onInput={(e) => {
              const v = Number(e.currentTarget.value);
              props.set('points', Number.isFinite(v) ? Math.min(props.item.points, Math.max(0, v)) : null);
            }}
          />
        </label>
      </Show>
      <Show when={a().result === 'fail'}>
        <div class="fail-box">
          <label class="field">
            <span>{t('onsite.new.note')}</span>
            <input maxLength={200} value={a().note} onInput={(e) => props.set('note', e.currentTarget.value)} />
          </label>
          <div class="photos">
            <For each={a().photos}>{(sha) => <img src={blobUrl(sha)} alt={t('onsite.photo')} />}</For>
            <Show when={a().photos.length < 4}>
              <label class={`photo-button${props.item.photoOnFail && !a().photos.length ? ' needed' : ''}`}>
                <input
                  type="file"
                  accept="image/*"
                  capture="environment"
                  onChange={(e) => {
                    props.addPhoto(e.currentTarget.files?.[0]);
                    e.currentTarget.value = '';
                  }}
                />
                {a().uploading
                  ? t('onsite.new.uploading')
                  : props.item.photoOnFail && !a().photos.length
                    ? t('onsite.new.photoRequired')
                    : t('onsite.new.addPhoto')}
              </label>
            </Show>
          </div>
          <label class="choice">
            <input
              type="checkbox"
              checked={a().action}
              onChange={(e) => props.set('action', e.currentTarget.checked)}
            />
            {t('onsite.action.open')}
          </label>
          <Show when={a().action}>
            <ActionFields owners={props.owners} today={props.today} value={a()} set={(k, v) => props.set(k, v)} />
          </Show>
        </div>
      </Show>
    </div>
  );
}

/** Owner, due day and what to do, for a corrective action (also used on the form's page). */
export function ActionFields(props: {
  owners: Owners;
  today: string;
  value: { owner: string; dueDate: string; description: string };
  set: (k: 'owner' | 'dueDate' | 'description', v: string) => void;
}) {
  const days = () => Array.from({ length: 31 }, (_, i) => shiftDay(props.today, i));
  return (
    <div class="action-fields">
      <label class="field">
        <span>{t('onsite.action.owner')}</span>
        <select value={props.value.owner} onChange={(e) => props.set('owner', e.currentTarget.value)}>
          <option value="">{t('onsite.new.choose')}</option>
          <For each={props.owners.employees}>{(o) => <option value={`e:${o.id}`}>{o.name}</option>}</For>
          <For each={props.owners.users}>{(o) => <option value={`u:${o.id}`}>{o.name}</option>}</For>
        </select>
      </label>
      <label class="field">
        <span>{t('onsite.action.due')}</span>
        <select value={props.value.dueDate} onChange={(e) => props.set('dueDate', e.currentTarget.value)}>
          <For each={days()}>{(d) => <option value={d}>{dayLabel(d)}</option>}</For>
        </select>
      </label>
      <label class="field">
        <span>{t('onsite.action.description')}</span>
        <input
          maxLength={300}
          value={props.value.description}
          onInput={(e) => props.set('description', e.currentTarget.value)}
        />
      </label>
    </div>
  );
}

/** A signature drawn with a finger or a mouse (pointer events), kept as the canvas's PNG. */
function SignaturePad(props: { ref: (c: HTMLCanvasElement) => void; onSigned: (v: boolean) => void }) {
  let canvas!: HTMLCanvasElement;
  let drawing = false;
  const ctx = () => canvas.getContext('2d');
  const size = () => {
    const r = canvas.getBoundingClientRect();
    canvas.width = Math.max(1, Math.round(r.width));
    canvas.height = Math.max(1, Math.round(r.height));
    const c = ctx();
    if (c) {
      c.fillStyle = '#fff';
      c.fillRect(0, 0, canvas.width, canvas.height);
      c.lineWidth = 2.5;
      c.lineCap = 'round';
      c.strokeStyle = '#111';
    }
    props.onSigned(false);
  };
  const at = (e: PointerEvent) => {
    const r = canvas.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top] as const;
  };
  onMount(() => {
    props.ref(canvas);
    size();
    const down = (e: PointerEvent) => {
      drawing = true;
      canvas.setPointerCapture(e.pointerId);
      const [x, y] = at(e);
      ctx()?.beginPath();
      ctx()?.moveTo(x, y);
    };
    const move = (e: PointerEvent) => {
      if (!drawing) return;
      const [x, y] = at(e);
      ctx()?.lineTo(x, y);
      ctx()?.stroke();
      props.onSigned(true);
    };
    const up = () => (drawing = false);
    canvas.addEventListener('pointerdown', down);
    canvas.addEventListener('pointermove', move);
    canvas.addEventListener('pointerup', up);
    canvas.addEventListener('pointercancel', up);
    onCleanup(() => {
      canvas.removeEventListener('pointerdown', down);
      canvas.removeEventListener('pointermove', move);
      canvas.removeEventListener('pointerup', up);
      canvas.removeEventListener('pointercancel', up);
    });
  });
  return (
    <div class="signature">
      <canvas ref={canvas} class="signature-pad" aria-label={t('onsite.new.signHere')} />
      <button type="button" class="secondary" onClick={size}>
        {t('onsite.new.clearSignature')}
      </button>
    </div>
  );
}
