/**
 * One on-site form: /halls/:hallId/onsite/:formId for the hall's managers (with its corrective
 * actions, one opened on a failed item here), /staff/:employeeId/onsite/:formId for the clerk it is
 * about. Every item with its result, note and photos, the signature, the score.
 */
import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, errorMessage, type Outputs } from '../../../api.ts';
import { Loaded } from '../../../components/States.tsx';
import { clockIn, dataLang, dateTime } from '../../../format.ts';
import { t, type ConsoleKey } from '../../../i18n.ts';
import { Actions } from './OnsiteList.tsx';
import { ActionFields } from './OnsiteNew.tsx';
import { named, scoreShare, shiftDay, templateName } from './onsite-text.ts';
import { blobUrl } from './photos.ts';
import './onsite.css';

type Form = Outputs['onsite']['form'];

export default function OnsiteFormPage() {
  const params = useParams<{ hallId?: string; employeeId?: string; formId: string }>();
  const [form, { refetch }] = createResource(
    () => ({ ...params }),
    (p) =>
      p.hallId
        ? api.onsite.form.query({ hallId: p.hallId, formId: p.formId })
        : api.onsite.employeeForm.query({ employeeId: p.employeeId ?? '', formId: p.formId }),
  );
  return (
    <section class="onsite-page">
      <Loaded of={form} retry={() => void refetch()} refused="onsite.refused" notFound="onsite.form.notFound">
        {(f) => <FormView form={f()} manager={!!params.hallId} done={() => void refetch()} />}
      </Loaded>
    </section>
  );
}

function FormView(props: { form: Form; manager: boolean; done: () => void }) {
  const f = () => props.form;
  const answerOf = (id: string) => f().answers.find((a) => a.itemId === id);
  const hasAction = (id: string) => f().actions.some((a) => a.itemId === id);
  return (
    <>
      <Show when={props.manager}>
        <p class="crumbs">
          <A href={`/halls/${f().hall.id}/onsite`}>
            {t('onsite.list.title')} · <span lang={dataLang(f().hall.name)}>{f().hall.name}</span>
          </A>
        </p>
      </Show>
      <h1>
        <span lang={dataLang(f().subjectName)}>{f().subjectName}</span> · {templateName(f())}
      </h1>
      <dl class="facts">
        <dt>{t('onsite.form.score')}</dt>
        <dd>
          <strong class="score" data-score>
            {scoreShare(f())}
          </strong>{' '}
          <span class="muted">{t('onsite.form.points', { points: f().points, max: f().maxPoints })}</span>
          <Show when={f().criticalFailed}>
            {' '}
            <span class="badge critical">{t('onsite.criticalFailed')}</span>
          </Show>
        </dd>
        <dt>{t('onsite.form.when')}</dt>
        <dd>{dateTime(f().at, { timeZone: f().hall.timeZone })}</dd>
        <Show when={f().counterName}>
          <dt>{t('onsite.new.counter')}</dt>
          <dd lang={dataLang(f().counterName)}>
            {f().counterName}
            <Show when={f().ticketNo}>{` · ${t('onsite.form.ticket', { ticket: f().ticketNo ?? '' })}`}</Show>
          </dd>
        </Show>
        <dt>{t('onsite.form.scoredBy')}</dt>
        <dd lang={dataLang(f().scoredBy)}>
          {f().scoredBy}
          {f().source === 'hub' ? ` · ${t('onsite.form.viaHub')}` : ''}
        </dd>
      </dl>
      <For each={f().template?.sections ?? []}>
        {(s) => (
          <section class="form-section">
            <h2>{named(s)}</h2>
            <ul class="answers">
              <For each={s.items}>
                {(i) => {
                  const a = answerOf(i.id);
                  return (
                    <li data-item={i.id} data-result={a?.result ?? ''}>
                      <div class="item-head">
                        <span class="item-name">
                          {named(i)}
                          <Show when={i.critical}>
                            {' '}
                            <span class="badge critical">{t('onsite.critical')}</span>
                          </Show>
                        </span>
                        <span class={`result ${a?.result ?? ''}`}>
                          {a ? t(`onsite.result.${a.result}` as ConsoleKey) : '—'}
                          <Show when={i.kind === 'points' && a?.result === 'pass'}>
                            {` ${t('onsite.form.points', { points: a?.points ?? i.points, max: i.points })}`}
                          </Show>
                        </span>
                      </div>
                      <Show when={a?.note}>
                        <p class="muted" lang={dataLang(a?.note)}>
                          {a?.note}
                        </p>
                      </Show>
                      <Show when={a?.photos.length}>
                        <div class="photos">
                          <For each={a?.photos ?? []}>
                            {(sha) => (
                              <a href={blobUrl(sha)} target="_blank" rel="noopener">
                                <img src={blobUrl(sha)} alt={t('onsite.photo')} loading="lazy" />
                              </a>
                            )}
                          </For>
                        </div>
                      </Show>
                      <Show when={props.manager && a?.result === 'fail' && !hasAction(i.id)}>
                        <OpenAction form={f()} itemId={i.id} done={props.done} />
                      </Show>
                    </li>
                  );
                }}
              </For>
            </ul>
          </section>
        )}
      </For>
      <Show when={f().signature}>
        {(sig) => (
          <section class="form-section">
            <h2>{t('onsite.new.signature')}</h2>
            <img class="signature-image" src={blobUrl(sig())} alt={t('onsite.new.signature')} />
          </section>
        )}
      </Show>
      <Show when={props.manager || f().actions.length > 0}>
        <Actions actions={f().actions} hallId={f().hall.id} done={props.done} />
      </Show>
    </>
  );
}

function OpenAction(props: { form: Form; itemId: string; done: () => void }) {
  const [open, setOpen] = createSignal(false);
  const today = clockIn(props.form.hall.timeZone).date;
  const [value, setValue] = createSignal({ owner: '', dueDate: shiftDay(today, 7), description: '' });
  const [owners] = createResource(open, () => api.onsite.actionOwners.query({ hallId: props.form.hall.id }));
  const [error, setError] = createSignal<string | null>(null);
  const save = async () => {
    const v = value();
    const [kind, id] = v.owner.split(':') as ['e' | 'u', string];
    setError(null);
    try {
      await api.onsite.openAction.mutate({
        hallId: props.form.hall.id,
        formId: props.form.formId,
        itemId: props.itemId,
        description: v.description.trim(),
        ...(kind === 'e' ? { ownerEmployeeId: id } : { ownerUserId: id }),
        dueDate: v.dueDate,
      });
      props.done();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <Show
      when={open()}
      fallback={
        <button type="button" class="secondary" onClick={() => setOpen(true)}>
          {t('onsite.action.open')}
        </button>
      }
    >
      <Show when={owners()}>
        {(o) => (
          <div class="fail-box">
            <ActionFields owners={o()} today={today} value={value()} set={(k, v) => setValue({ ...value(), [k]: v })} />
            <button
              type="button"
              class="primary"
              disabled={!value().owner || !value().description.trim()}
              onClick={() => void save()}
            >
              {t('onsite.action.save')}
            </button>
          </div>
        )}
      </Show>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </Show>
  );
}
