/**
 * Assessment cycles (/performance/cycles): the cycles under the user's grants with their current stage,
 * deadline and whether it is overdue; and, where the user may, a form to open one for a region or a hall
 * over a month, a quarter or given dates (the draft is computed on opening).
 */
import { A, useNavigate } from '@solidjs/router';
import { PerfNav } from '../../../components/PerfNav.tsx';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, errorMessage, type Outputs } from '../../../api.ts';
import { Loaded } from '../../../components/States.tsx';
import { dataLang } from '../../../format.ts';
import { t } from '../../../i18n.ts';
import { periodText, stageName, when } from './cycle-text.tsx';
import './cycles.css';

type List = Outputs['cycles']['list'];

const lastMonth = () => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
};
const lastQuarter = () => {
  const d = new Date();
  const q = Math.floor(d.getUTCMonth() / 3);
  return q === 0 ? `${d.getUTCFullYear() - 1}-Q4` : `${d.getUTCFullYear()}-Q${q}`;
};

function OpenForm(props: { units: List['openUnits'] }) {
  const navigate = useNavigate();
  const [unit, setUnit] = createSignal(props.units[0]?.id ?? '');
  const [kind, setKind] = createSignal<'month' | 'quarter' | 'custom'>('month');
  const [month, setMonth] = createSignal(lastMonth());
  const [quarter, setQuarter] = createSignal(lastQuarter());
  const [from, setFrom] = createSignal('');
  const [to, setTo] = createSignal('');
  const [name, setName] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const period =
        kind() === 'month'
          ? { kind: 'month' as const, month: month() }
          : kind() === 'quarter'
            ? { kind: 'quarter' as const, quarter: quarter() }
            : { kind: 'custom' as const, from: from(), to: to() };
      const r = await api.cycles.open.mutate({
        orgUnitId: unit(),
        period,
        ...(name().trim() ? { name: name().trim() } : {}),
      });
      navigate(`/performance/cycles/${r.id}`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="cycle-open" onSubmit={(e) => void submit(e)}>
      <h2>{t('cycles.open.title')}</h2>
      <label class="field">
        <span>{t('cycles.open.unit')}</span>
        <select name="orgUnitId" onChange={(e) => setUnit(e.currentTarget.value)}>
          <For each={props.units}>
            {(u) => (
              <option value={u.id} selected={u.id === unit()} lang={dataLang(u.name)}>
                {u.name}
              </option>
            )}
          </For>
        </select>
      </label>
      <label class="field">
        <span>{t('cycles.open.periodKind')}</span>
        <select name="periodKind" onChange={(e) => setKind(e.currentTarget.value as 'month')}>
          <option value="month">{t('cycles.open.month')}</option>
          <option value="quarter">{t('cycles.open.quarter')}</option>
          <option value="custom">{t('cycles.open.custom')}</option>
        </select>
      </label>
      <Show when={kind() === 'month'}>
        <label class="field">
          <span>{t('cycles.open.monthValue')}</span>
          <input type="month" name="month" value={month()} onInput={(e) => setMonth(e.currentTarget.value)} />
        </label>
      </Show>
      <Show when={kind() === 'quarter'}>
        <label class="field">
          <span>{t('cycles.open.quarterValue')}</span>
          <input
            name="quarter"
            pattern="\d{4}-Q[1-4]"
            value={quarter()}
            onInput={(e) => setQuarter(e.currentTarget.value)}
          />
        </label>
      </Show>
      <Show when={kind() === 'custom'}>
        <label class="field">
          <span>{t('cycles.open.from')}</span>
          <input type="date" name="from" value={from()} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{t('cycles.open.to')}</span>
          <input type="date" name="to" value={to()} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
      </Show>
      <label class="field">
        <span>{t('cycles.open.name')}</span>
        <input name="name" maxLength={100} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <button type="submit" class="primary" disabled={busy() || !unit()}>
        {busy() ? t('cycles.open.opening') : t('cycles.open.submit')}
      </button>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </form>
  );
}

export default function CyclesPage() {
  const [list, { refetch }] = createResource(() => api.cycles.list.query());
  return (
    <section class="cycles-page">
      <Loaded of={list} retry={() => void refetch()} refused="cycles.refused">
        {(l) => (
          <>
            <h1>{t('cycles.title')}</h1>
            <PerfNav />
            <p class="muted">{t('cycles.intro')}</p>
            <div class="cycles-layout">
              <div>
                <Show when={l().cycles.length > 0} fallback={<p class="empty">{t('cycles.none')}</p>}>
                  <div class="table-wrap">
                    <table class="data cards">
                      <thead>
                        <tr>
                          <th scope="col">{t('cycles.col.name')}</th>
                          <th scope="col">{t('cycles.col.unit')}</th>
                          <th scope="col">{t('cycles.col.period')}</th>
                          <th scope="col">{t('cycles.col.stage')}</th>
                          <th scope="col">{t('cycles.col.due')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={l().cycles}>
                          {(c) => (
                            <tr data-cycle={c.id}>
                              <th scope="row">
                                <A href={`/performance/cycles/${c.id}`} lang={dataLang(c.name)}>
                                  {c.name}
                                </A>
                              </th>
                              <td data-label={t('cycles.col.unit')} lang={dataLang(c.orgUnitName)}>
                                {c.orgUnitName}
                              </td>
                              <td data-label={t('cycles.col.period')}>{periodText(c.from, c.to)}</td>
                              <td data-label={t('cycles.col.stage')}>
                                <span class={`badge ${c.status === 'final' ? 'ok' : c.overdue ? 'critical' : ''}`}>
                                  {c.status === 'final' ? t('cycles.status.final') : stageName(c.stage.kind)}
                                </span>
                                <Show when={c.overdue}>
                                  {' '}
                                  <span class="badge critical">{t('cycles.overdue')}</span>
                                </Show>
                              </td>
                              <td data-label={t('cycles.col.due')}>{when(c.stageDueAt)}</td>
                            </tr>
                          )}
                        </For>
                      </tbody>
                    </table>
                  </div>
                </Show>
              </div>
              <Show when={l().openUnits.length > 0}>
                <OpenForm units={l().openUnits} />
              </Show>
            </div>
          </>
        )}
      </Loaded>
    </section>
  );
}
