/**
 * A hall's on-site forms (/halls/:hallId/onsite): by hall-local day, newest first — whom or what, the
 * checklist, the score, a failed critical item — and the hall's corrective actions, open first with
 * the overdue ones marked, each closed with a note. "新建评分" opens the phone page.
 */
import { A, useParams, useSearchParams } from '@solidjs/router';
import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { api, errorMessage, type Outputs } from '../../../api.ts';
import { DateField } from '../../../components/DateField.tsx';
import { Loaded } from '../../../components/States.tsx';
import { calendarDate, dataLang, dateTime } from '../../../format.ts';
import { t } from '../../../i18n.ts';
import { dayLabel, itemName, scoreShare, shiftDay, templateName } from './onsite-text.ts';
import './onsite.css';

type Forms = Outputs['onsite']['forms'];
type Action = Outputs['onsite']['actions']['actions'][number];

export default function OnsiteListPage() {
  const params = useParams<{ hallId: string }>();
  const [search] = useSearchParams<{ form?: string }>();
  const [to, setTo] = createSignal<string | null>(null);
  const [data, { refetch }] = createResource(
    () => ({ hallId: params.hallId, to: to() }),
    async (q) => {
      const [forms, actions] = await Promise.all([
        api.onsite.forms.query({ hallId: q.hallId, ...(q.to ? { to: q.to, from: shiftDay(q.to, -13) } : {}) }),
        api.onsite.actions.query({ hallId: q.hallId }),
      ]);
      return { forms, actions, until: forms.to };
    },
  );
  return (
    <section class="onsite-page wide">
      <Loaded of={data} retry={() => void refetch()} refused="onsite.refused">
        {(d) => (
          <>
            <div class="page-head">
              <h1>
                {t('onsite.list.title')} · <span lang={dataLang(d().forms.hall.name)}>{d().forms.hall.name}</span>
              </h1>
              <span class="head-links">
                <A class="button" href={`/halls/${params.hallId}/onsite/templates`}>
                  {t('onsite.list.templates')}
                </A>
                <A class="button primary" href={`/halls/${params.hallId}/onsite/new`}>
                  {t('onsite.list.new')}
                </A>
              </span>
            </div>
            <DateField label={t('onsite.list.until')} value={d().until} max={d().forms.today} onChange={setTo} />
            <FormsByDay forms={d().forms} hallId={params.hallId} highlight={search.form ?? null} />
            <Actions actions={d().actions.actions} hallId={params.hallId} done={() => void refetch()} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function FormsByDay(props: { forms: Forms; hallId: string; highlight: string | null }) {
  const days = createMemo(() => {
    const by = new Map<string, Forms['forms']>();
    for (const f of props.forms.forms) by.set(f.day, [...(by.get(f.day) ?? []), f]);
    return [...by.entries()];
  });
  return (
    <Show when={days().length > 0} fallback={<p class="state empty">{t('onsite.list.empty')}</p>}>
      <For each={days()}>
        {([day, forms]) => (
          <>
            <h2>{dayLabel(day)}</h2>
            <ul class="form-list">
              <For each={forms}>
                {(f) => (
                  <li data-form={f.formId} classList={{ highlight: f.formId === props.highlight }}>
                    <A href={`/halls/${props.hallId}/onsite/${f.formId}`}>
                      <span class="who">
                        <strong lang={dataLang(f.subjectName)}>{f.subjectName}</strong>
                        <span class="muted">
                          {templateName(f)}
                          <Show when={f.counterName}>
                            {' · '}
                            <span lang={dataLang(f.counterName)}>{f.counterName}</span>
                          </Show>
                          {' · '}
                          {dateTime(f.at, { timeZone: props.forms.hall.timeZone })}
                        </span>
                      </span>
                      <span class="score" data-score>
                        {scoreShare(f)}
                      </span>
                      <Show when={f.criticalFailed}>
                        <span class="badge critical">{t('onsite.criticalFailed')}</span>
                      </Show>
                      <Show when={!f.criticalFailed && f.failed > 0}>
                        <span class="badge warning">{t('onsite.list.failedItems', { n: f.failed })}</span>
                      </Show>
                    </A>
                  </li>
                )}
              </For>
            </ul>
          </>
        )}
      </For>
    </Show>
  );
}

export function Actions(props: { actions: Action[]; hallId: string; done: () => void; title?: boolean }) {
  return (
    <>
      <Show when={props.title !== false}>
        <h2>{t('onsite.action.title')}</h2>
      </Show>
      <Show when={props.actions.length > 0} fallback={<p class="empty">{t('onsite.action.none')}</p>}>
        <ul class="action-list">
          <For each={props.actions}>{(a) => <ActionRow a={a} hallId={props.hallId} done={props.done} />}</For>
        </ul>
      </Show>
    </>
  );
}

function ActionRow(props: { a: Action; hallId: string; done: () => void }) {
  const [closing, setClosing] = createSignal(false);
  const [note, setNote] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const close = async () => {
    setError(null);
    try {
      await api.onsite.closeAction.mutate({ hallId: props.hallId, actionId: props.a.id, note: note().trim() });
      props.done();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <li data-action={props.a.id} data-status={props.a.status} classList={{ overdue: props.a.overdue }}>
      <div class="action-head">
        <strong>{itemName(props.a)}</strong>
        <span class={`badge ${props.a.overdue ? 'critical' : props.a.status === 'open' ? 'warning' : 'ok'}`}>
          {props.a.overdue
            ? t('onsite.action.overdue')
            : t(props.a.status === 'open' ? 'onsite.action.statusOpen' : 'onsite.action.statusClosed')}
        </span>
      </div>
      <p lang={dataLang(props.a.description)}>{props.a.description}</p>
      <p class="muted">
        {t('onsite.action.owner')} <span lang={dataLang(props.a.ownerName)}>{props.a.ownerName ?? '—'}</span>
        {' · '}
        {t('onsite.action.dueOn', { due: calendarDate(props.a.dueDate) })}
        {' · '}
        <A href={`/halls/${props.hallId}/onsite/${props.a.formId}`}>{t('onsite.action.form')}</A>
      </p>
      <Show when={props.a.status === 'closed' && props.a.closeNote}>
        <p class="muted">
          {t('onsite.action.closedNote')}
          <span lang={dataLang(props.a.closeNote)}>{props.a.closeNote}</span>
        </p>
      </Show>
      <Show when={props.a.status === 'open'}>
        <Show
          when={closing()}
          fallback={
            <button type="button" class="secondary" onClick={() => setClosing(true)}>
              {t('onsite.action.close')}
            </button>
          }
        >
          <div class="close-form">
            <label class="field">
              <span>{t('onsite.action.closeNote')}</span>
              <input maxLength={300} value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
            </label>
            <button type="button" class="primary" disabled={!note().trim()} onClick={() => void close()}>
              {t('onsite.action.close')}
            </button>
          </div>
        </Show>
      </Show>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </li>
  );
}
