/**
 * A clerk's wishes on their phone (/me/wishes): a form for a new wish (day off, time off, a shift they
 * would like or rather not work, an availability change) and their wishes with status — and, once a
 * roster covering them is published, whether each was met and if not, why. Their own fairness figures
 * beside the hall's mean close the page.
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, errorMessage, type Outputs } from '../../api.ts';
import { Loaded } from '../../components/States.tsx';
import { dataLang, decimal, percent } from '../../format.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import { daysFrom, reasonText, shortDate, TemplateName, templateLabel, wishWhen } from './wish-text.tsx';
import './wishes.css';

type Mine = Outputs['wishes']['mine'];
type Kind = Mine['wishes'][number]['kind'];
const KINDS: Kind[] = ['day-off', 'undesired-shift', 'desired-shift', 'time-off', 'availability'];

function DaySelect(props: {
  label: string;
  days: string[];
  value: string;
  onChange: (d: string) => void;
  name: string;
}) {
  return (
    <label class="field">
      <span>{props.label}</span>
      <select name={props.name} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <For each={props.days}>
          {(d) => (
            <option value={d} selected={d === props.value}>
              {shortDate(d)}
            </option>
          )}
        </For>
      </select>
    </label>
  );
}

function WishForm(props: { mine: Mine; onAdded: () => void }) {
  const days = () => daysFrom(props.mine.first, props.mine.last);
  const [kind, setKind] = createSignal<Kind>('day-off');
  const [from, setFrom] = createSignal(props.mine.first);
  const [to, setTo] = createSignal(props.mine.first);
  const [templateId, setTemplateId] = createSignal(props.mine.templates[0]?.id ?? '');
  const [anyDay, setAnyDay] = createSignal(false);
  const [weekdays, setWeekdays] = createSignal<number[]>([]);
  const [note, setNote] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [done, setDone] = createSignal(false);
  const ranged = () => kind() === 'time-off' || kind() === 'availability' || (kind() === 'undesired-shift' && anyDay());
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await api.wishes.add.mutate({
        kind: kind(),
        fromDate: from(),
        ...(ranged() ? { toDate: to() < from() ? from() : to() } : {}),
        ...(kind() === 'desired-shift' || kind() === 'undesired-shift' ? { templateId: templateId() } : {}),
        ...(kind() === 'undesired-shift' ? { anyDay: anyDay() } : {}),
        ...(kind() === 'availability' ? { weekdays: weekdays() } : {}),
        ...(note().trim() ? { note: note().trim() } : {}),
      });
      setNote('');
      setDone(true);
      props.onAdded();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="wish-form" onSubmit={(e) => void submit(e)}>
      <h2>{t('wishes.add')}</h2>
      <fieldset class="kind-choice">
        <legend>{t('wishes.kind')}</legend>
        <For each={KINDS}>
          {(k) => (
            <label class="choice">
              <input type="radio" name="kind" value={k} checked={kind() === k} onChange={() => setKind(k)} />
              <span>{t(`wishes.kind.${k}` as ConsoleKey)}</span>
            </label>
          )}
        </For>
      </fieldset>
      <Show when={kind() === 'desired-shift' || kind() === 'undesired-shift'}>
        <label class="field">
          <span>{t('wishes.template')}</span>
          <select name="templateId" onChange={(e) => setTemplateId(e.currentTarget.value)}>
            <For each={props.mine.templates}>
              {(tpl) => (
                <option value={tpl.id} selected={tpl.id === templateId()} lang={dataLang(tpl.name)}>
                  {templateLabel(props.mine.templates, tpl.id)}
                </option>
              )}
            </For>
          </select>
        </label>
      </Show>
      <Show when={kind() === 'undesired-shift'}>
        <label class="choice">
          <input type="checkbox" checked={anyDay()} onChange={(e) => setAnyDay(e.currentTarget.checked)} />
          <span>{t('wishes.anyDay')}</span>
        </label>
      </Show>
      <div class="dates">
        <DaySelect
          name="fromDate"
          label={ranged() ? t('wishes.from') : t('wishes.date')}
          days={days()}
          value={from()}
          onChange={(d) => {
            setFrom(d);
            if (to() < d) setTo(d);
          }}
        />
        <Show when={ranged()}>
          <DaySelect
            name="toDate"
            label={t('wishes.to')}
            days={days().filter((d) => d >= from())}
            value={to()}
            onChange={setTo}
          />
        </Show>
      </div>
      <Show when={kind() === 'availability'}>
        <fieldset class="weekdays">
          <legend>{t('wishes.weekdays')}</legend>
          <For each={[0, 1, 2, 3, 4, 5, 6]}>
            {(d) => (
              <label class="choice">
                <input
                  type="checkbox"
                  checked={weekdays().includes(d)}
                  onChange={(e) =>
                    setWeekdays(e.currentTarget.checked ? [...weekdays(), d] : weekdays().filter((x) => x !== d))
                  }
                />
                <span>{t(`wishes.weekday.${d}` as ConsoleKey)}</span>
              </label>
            )}
          </For>
        </fieldset>
      </Show>
      <label class="field">
        <span>{t('wishes.note')}</span>
        <input name="note" maxLength={300} value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      <button type="submit" class="primary big" disabled={busy()}>
        {busy() ? t('wishes.submitting') : t('wishes.submit')}
      </button>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <Show when={done()}>
        <p class="ok" role="status">
          {t('wishes.added')}
        </p>
      </Show>
    </form>
  );
}

function WishCard(props: { w: Mine['wishes'][number]; templates: Mine['templates']; onChange: () => void }) {
  const [error, setError] = createSignal<string | null>(null);
  const withdraw = async () => {
    setError(null);
    try {
      await api.wishes.withdraw.mutate({ id: props.w.id });
      props.onChange();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const open = () => ['pending', 'approved', 'noted'].includes(props.w.status);
  return (
    <li class="wish-card" data-wish={props.w.id} data-status={props.w.status}>
      <div class="wish-head">
        <strong>{t(`wishes.kind.${props.w.kind}` as ConsoleKey)}</strong>
        <span class={`badge ${props.w.status}`}>{t(`wishes.status.${props.w.status}` as ConsoleKey)}</span>
      </div>
      <p>
        {wishWhen(props.w)}
        <Show when={props.w.templateId}>
          {' · '}
          <TemplateName templates={props.templates} id={props.w.templateId} />
        </Show>
      </p>
      <Show when={props.w.note}>
        <p class="muted" lang={dataLang(props.w.note)}>
          {props.w.note}
        </p>
      </Show>
      <Show when={props.w.status === 'refused' && props.w.decisionReason}>
        <p class="why">{t('wishes.decisionReason', { reason: props.w.decisionReason ?? '' })}</p>
      </Show>
      <Show when={props.w.outcome}>
        {(o) => (
          <p class={`outcome ${o().status}`} data-outcome={o().status}>
            <Show when={o().status === 'unmet'} fallback={t('wishes.met')}>
              <strong>{t('wishes.unmetOn', { days: o().days.map(shortDate).join(t('common.listSeparator')) })}</strong>
              {'：'}
              {reasonText(o().reason)}
            </Show>
          </p>
        )}
      </Show>
      <Show when={open() && props.w.status !== 'withdrawn'}>
        <button type="button" class="big secondary" onClick={() => void withdraw()}>
          {t('wishes.withdraw')}
        </button>
      </Show>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </li>
  );
}

export default function MyWishesPage() {
  const [mine, { refetch }] = createResource(() => api.wishes.mine.query());
  const [fair] = createResource(() => api.wishes.myFairness.query().catch(() => null));
  return (
    <section class="wishes-page">
      <Loaded of={mine} retry={() => void refetch()} notFound="wishes.notLinked">
        {(m) => (
          <>
            <h1>{t('wishes.title')}</h1>
            <p class="muted">{t('wishes.intro')}</p>
            <WishForm mine={m()} onAdded={() => void refetch()} />
            <h2>{t('wishes.list')}</h2>
            <Show
              when={m().wishes.some((w) => w.status !== 'withdrawn')}
              fallback={<p class="empty">{t('wishes.none')}</p>}
            >
              <ul class="wish-list">
                <For each={m().wishes.filter((w) => w.status !== 'withdrawn')}>
                  {(w) => <WishCard w={w} templates={m().templates} onChange={() => void refetch()} />}
                </For>
              </ul>
            </Show>
            <Show when={(fair()?.weeks ?? 0) > 0 && fair()?.line}>
              {(line) => (
                <div class="my-fairness">
                  <h2>{t('wishes.myFairness')}</h2>
                  <dl>
                    <dt>{t('wishes.fairness.weekend')}</dt>
                    <dd>
                      {t('wishes.vsMean', {
                        mine: decimal(line().weekendShifts, 0),
                        mean: decimal(fair()?.mean.weekendShifts, 1),
                      })}
                    </dd>
                    <dt>{t('wishes.fairness.unpopular')}</dt>
                    <dd>
                      {t('wishes.vsMean', {
                        mine: decimal(line().unpopularShifts, 0),
                        mean: decimal(fair()?.mean.unpopularShifts, 1),
                      })}
                    </dd>
                    <dt>{t('wishes.fairness.extra')}</dt>
                    <dd>
                      {t('wishes.vsMean', {
                        mine: decimal(line().extraHours, 1),
                        mean: decimal(fair()?.mean.extraHours, 1),
                      })}
                    </dd>
                    <dt>{t('wishes.fairness.wishesMet')}</dt>
                    <dd>
                      {t('wishes.vsMean', {
                        mine: percent(line().wishesMetShare),
                        mean: percent(fair()?.mean.wishesMetShare),
                      })}
                    </dd>
                  </dl>
                </div>
              )}
            </Show>
          </>
        )}
      </Loaded>
    </section>
  );
}
