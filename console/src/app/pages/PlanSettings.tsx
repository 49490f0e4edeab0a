/**
 * 排班设置 (`/halls/:hallId/scheduling/settings`): a hall's planning settings — the planning day and its
 * intervals, the service-level targets, patience and handle time per service (the measured handle time
 * of the last 4 weeks beside it), occupancy cap, shrinkage, minimum staff, shift templates with their
 * break rules, rest and notice rules — saved as a new version (a wrong field is marked), with the
 * versions saved before.
 */
import { A, useParams } from '@solidjs/router';
import { TRPCClientError } from '@trpc/client';
import { createResource, createSignal, For, Show } from 'solid-js';
import { createStore, produce, reconcile, unwrap } from 'solid-js/store';
import { api, errorMessage, type Outputs } from '../api.ts';
import { Loaded } from '../components/States.tsx';
import { TableHead } from '../components/TableHead.tsx';
import { count, dataLang, dateTime, decimal, duration } from '../format.ts';
import { t } from '../i18n.ts';
import './planning.css';

type Loaded = Outputs['schedulingSettings']['get'];
type Settings = Loaded['settings'];
type Template = Settings['templates'][number];

/** A share shown as a whole percentage in an input, and back. */
const pct = (x: number | undefined) => (x === undefined ? '' : String(Math.round(x * 1000) / 10));
const share = (v: string) => (v.trim() === '' ? undefined : Number(v) / 100);
const num = (v: string) => (v.trim() === '' ? undefined : Number(v));

/** HH:MM every 15 minutes, written as the console writes times (24 h): the browser's time input speaks the browser's locale. */
const TIMES = Array.from(
  { length: 96 },
  (_, i) => `${String(Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`,
);
function TimeSelect(props: {
  value: string;
  label?: string;
  class?: string | undefined;
  onChange: (v: string) => void;
}) {
  return (
    <select class={props.class} aria-label={props.label} onChange={(e) => props.onChange(e.currentTarget.value)}>
      <For each={TIMES.includes(props.value) ? TIMES : [props.value, ...TIMES]}>
        {(v) => (
          <option value={v} selected={v === props.value}>
            {v}
          </option>
        )}
      </For>
    </select>
  );
}

function Editor(props: { data: Loaded; hallId: string; onSaved: () => void }) {
  const [s, setS] = createStore<Settings>(structuredClone(unwrap(props.data.settings)));
  const [bad, setBad] = createSignal<string[]>([]);
  const [error, setError] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const invalid = (...path: Array<string | number>) => {
    const key = ['settings', ...path].join('.');
    return bad().some((f) => f === key || f.startsWith(`${key}.`));
  };
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    setBad([]);
    try {
      await api.schedulingSettings.put.mutate({
        hallId: props.hallId,
        baseVersion: props.data.version,
        settings: structuredClone(unwrap(s)),
      });
      setSaved(true);
      props.onSaved();
    } catch (err) {
      setError(errorMessage(err));
      if (err instanceof TRPCClientError)
        setBad(((err.data as { fields?: string[] } | null)?.fields ?? []).slice(0, 50));
    } finally {
      setBusy(false);
    }
  };
  const setService = (
    id: string,
    key: 'serviceLevel' | 'targetMinutes' | 'patienceMinutes' | 'handleMinutes',
    v: number | undefined,
  ) =>
    setS(
      produce((d) => {
        const own = { ...(d.services[id] ?? {}) };
        if (v === undefined || Number.isNaN(v)) delete own[key];
        else own[key] = v;
        d.services[id] = own;
      }),
    );
  const setTemplate = <K extends keyof Template>(i: number, key: K, v: Template[K]) =>
    setS(produce((d) => ((d.templates[i] as Template)[key] = v)));
  const setBreak = (i: number, key: 'minutes' | 'earliestAfter' | 'latestAfter', v: number | undefined) =>
    setS(
      produce((d) => {
        const tpl = d.templates[i] as Template;
        if (v === undefined || Number.isNaN(v)) return;
        const first = tpl.breaks[0] ?? { minutes: 30, earliestAfter: 180, latestAfter: 270 };
        tpl.breaks = [{ ...first, [key]: v }, ...tpl.breaks.slice(1)];
      }),
    );
  const addTemplate = () =>
    setS(
      produce((d) => {
        const n = d.templates.length + 1;
        d.templates.push({
          id: `shift-${n}`,
          name: t('planSettings.newTemplate', { n }),
          firstStart: d.dayStart,
          lastStart: d.dayStart,
          startEveryMinutes: d.intervalMinutes,
          minutes: 240,
          breaks: [],
          unpopular: false,
          partTime: true,
        });
      }),
    );
  const cls = (...path: Array<string | number>) => (invalid(...path) ? 'invalid' : undefined);
  /** A hall-wide share edited as a whole percentage (80 for 0.8). */
  const PercentField = (p: {
    key: 'serviceLevel' | 'occupancyCap' | 'shrinkage' | 'maxAbandon';
    min: number;
    max: number;
  }) => (
    <label class={cls(p.key)}>
      {t(`planSettings.${p.key}`)}
      <input
        type="number"
        min={p.min}
        max={p.max}
        step="1"
        value={pct(s[p.key])}
        onChange={(e) => setS(p.key, share(e.currentTarget.value) ?? NaN)}
      />
    </label>
  );
  return (
    <form class="plan-settings" noValidate onSubmit={(e) => void save(e)}>
      <h2>{t('planSettings.day')}</h2>
      <div class="grid-form">
        <label class={cls('dayStart')}>
          {t('planSettings.dayStart')}
          <TimeSelect value={s.dayStart} onChange={(v) => setS('dayStart', v)} />
        </label>
        <label class={cls('dayEnd')}>
          {t('planSettings.dayEnd')}
          <TimeSelect value={s.dayEnd} onChange={(v) => setS('dayEnd', v)} />
        </label>
        <label class={cls('intervalMinutes')}>
          {t('planSettings.interval')}
          <select onChange={(e) => setS('intervalMinutes', Number(e.currentTarget.value) as 15 | 30)}>
            <option value="15" selected={s.intervalMinutes === 15}>
              {duration(15)}
            </option>
            <option value="30" selected={s.intervalMinutes === 30}>
              {duration(30)}
            </option>
          </select>
        </label>
        <label class={cls('horizonDays')}>
          {t('planSettings.horizonDays')}
          <input
            type="number"
            min="7"
            max="56"
            value={s.horizonDays}
            onChange={(e) => setS('horizonDays', Number(e.currentTarget.value))}
          />
        </label>
      </div>
      <h2>{t('planSettings.targets')}</h2>
      <div class="grid-form">
        <PercentField key="serviceLevel" min={50} max={99} />
        <PercentField key="occupancyCap" min={50} max={100} />
        <PercentField key="shrinkage" min={0} max={50} />
        <PercentField key="maxAbandon" min={0} max={100} />
        <label class={cls('minStaffOpen')}>
          {t('planSettings.minStaffOpen')}
          <input
            type="number"
            min="0"
            max="50"
            value={s.minStaffOpen}
            onChange={(e) => setS('minStaffOpen', Number(e.currentTarget.value))}
          />
        </label>
      </div>
      <div class="table-wrap">
        <table class="data cards" data-table="service-targets">
          <TableHead
            columns={[
              'forecast.service',
              { key: 'planSettings.slPercent', num: true },
              { key: 'planSettings.withinMinutes', num: true },
              { key: 'planSettings.patienceMinutes', num: true },
              { key: 'planSettings.handleMinutes', num: true },
              'planSettings.measured',
            ]}
          />
          <tbody>
            <For each={props.data.services}>
              {(svc) => {
                const own = () => s.services[svc.id] ?? {};
                return (
                  <tr data-service={svc.id}>
                    <th scope="row" lang={dataLang(svc.name)}>
                      {svc.name}
                    </th>
                    <td class="num" data-label={t('planSettings.slPercent')}>
                      <input
                        class={cls('services', svc.id, 'serviceLevel')}
                        type="number"
                        min="50"
                        max="99"
                        placeholder={pct(s.serviceLevel)}
                        value={pct(own().serviceLevel)}
                        onChange={(e) => setService(svc.id, 'serviceLevel', share(e.currentTarget.value))}
                      />
                    </td>
                    <td class="num" data-label={t('planSettings.withinMinutes')}>
                      <input
                        class={cls('services', svc.id, 'targetMinutes')}
                        type="number"
                        min="0.5"
                        max="120"
                        step="0.5"
                        placeholder={String(svc.targetWaitMinutes)}
                        value={own().targetMinutes ?? ''}
                        onChange={(e) => setService(svc.id, 'targetMinutes', num(e.currentTarget.value))}
                      />
                    </td>
                    <td class="num" data-label={t('planSettings.patienceMinutes')}>
                      <input
                        class={cls('services', svc.id, 'patienceMinutes')}
                        type="number"
                        min="1"
                        max="240"
                        placeholder="20"
                        value={own().patienceMinutes ?? ''}
                        onChange={(e) => setService(svc.id, 'patienceMinutes', num(e.currentTarget.value))}
                      />
                    </td>
                    <td class="num" data-label={t('planSettings.handleMinutes')}>
                      <input
                        class={cls('services', svc.id, 'handleMinutes')}
                        type="number"
                        min="0.5"
                        max="120"
                        step="0.1"
                        placeholder={
                          svc.measuredHandleSeconds !== null
                            ? decimal(svc.measuredHandleSeconds / 60, 1)
                            : String(svc.expectedServiceMinutes)
                        }
                        value={own().handleMinutes ?? ''}
                        onChange={(e) => setService(svc.id, 'handleMinutes', num(e.currentTarget.value))}
                      />
                    </td>
                    <td data-label={t('planSettings.measured')}>
                      {svc.measuredHandleSeconds !== null
                        ? t('planSettings.measuredValue', {
                            minutes: decimal(svc.measuredHandleSeconds / 60, 1),
                            n: count(svc.measuredServed),
                          })
                        : t('planSettings.notMeasured')}
                    </td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </div>
      <p class="muted">{t('planSettings.blankMeansDefault')}</p>
      <h2>{t('planSettings.templates')}</h2>
      <div class="table-wrap">
        <table class="data cards" data-table="templates">
          <TableHead
            columns={[
              'planSettings.templateName',
              'planSettings.firstStart',
              'planSettings.lastStart',
              { key: 'planSettings.lengthMinutes', num: true },
              'planSettings.break',
              'planSettings.flags',
              'planSettings.actions',
            ]}
          />
          <tbody>
            <For each={s.templates}>
              {(tpl, i) => (
                <tr class={cls('templates', i())} data-template={tpl.id}>
                  <th scope="row">
                    <input
                      aria-label={t('planSettings.templateName')}
                      lang={dataLang(tpl.name)}
                      class={`template-name ${cls('templates', i(), 'name') ?? ''}`}
                      value={tpl.name}
                      maxLength={40}
                      onChange={(e) => setTemplate(i(), 'name', e.currentTarget.value)}
                    />
                  </th>
                  <td data-label={t('planSettings.firstStart')}>
                    <TimeSelect
                      label={t('planSettings.firstStart')}
                      value={tpl.firstStart}
                      onChange={(v) => setTemplate(i(), 'firstStart', v)}
                    />
                  </td>
                  <td data-label={t('planSettings.lastStart')}>
                    <TimeSelect
                      label={t('planSettings.lastStart')}
                      class={cls('templates', i(), 'lastStart')}
                      value={tpl.lastStart}
                      onChange={(v) => setTemplate(i(), 'lastStart', v)}
                    />
                  </td>
                  <td class="num" data-label={t('planSettings.lengthMinutes')}>
                    <input
                      type="number"
                      min="60"
                      max="720"
                      step="15"
                      class={cls('templates', i(), 'minutes')}
                      value={tpl.minutes}
                      onChange={(e) => setTemplate(i(), 'minutes', Number(e.currentTarget.value))}
                    />
                    <span class="muted"> {duration(tpl.minutes)}</span>
                  </td>
                  <td data-label={t('planSettings.break')} class={cls('templates', i(), 'breaks')}>
                    <span class="break-rule">
                      <input
                        aria-label={t('planSettings.breakMinutes')}
                        type="number"
                        min="5"
                        max="120"
                        step="5"
                        value={tpl.breaks[0]?.minutes ?? ''}
                        placeholder="—"
                        onChange={(e) => setBreak(i(), 'minutes', num(e.currentTarget.value))}
                      />
                      {t('planSettings.breakBetween')}
                      <input
                        aria-label={t('planSettings.breakEarliest')}
                        type="number"
                        min="30"
                        max="720"
                        step="15"
                        value={tpl.breaks[0]?.earliestAfter ?? ''}
                        onChange={(e) => setBreak(i(), 'earliestAfter', num(e.currentTarget.value))}
                      />
                      –
                      <input
                        aria-label={t('planSettings.breakLatest')}
                        type="number"
                        min="30"
                        max="720"
                        step="15"
                        value={tpl.breaks[0]?.latestAfter ?? ''}
                        onChange={(e) => setBreak(i(), 'latestAfter', num(e.currentTarget.value))}
                      />
                      {t('planSettings.breakIn')}
                    </span>
                    <Show when={tpl.breaks[0]}>
                      <button
                        type="button"
                        class="link"
                        onClick={() => setTemplate(i(), 'breaks', tpl.breaks.slice(1))}
                      >
                        {t('planSettings.noBreak')}
                      </button>
                    </Show>
                  </td>
                  <td data-label={t('planSettings.flags')}>
                    <label class="check">
                      <input
                        type="checkbox"
                        checked={tpl.unpopular}
                        onChange={(e) => setTemplate(i(), 'unpopular', e.currentTarget.checked)}
                      />
                      {t('planSettings.unpopular')}
                    </label>
                    <label class="check">
                      <input
                        type="checkbox"
                        checked={tpl.partTime}
                        onChange={(e) => setTemplate(i(), 'partTime', e.currentTarget.checked)}
                      />
                      {t('planSettings.partTime')}
                    </label>
                  </td>
                  <td data-label={t('planSettings.actions')}>
                    <button
                      type="button"
                      disabled={s.templates.length <= 1}
                      onClick={() => setS('templates', (ts) => ts.filter((_, k) => k !== i()))}
                    >
                      {t('planSettings.remove')}
                    </button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <button type="button" onClick={addTemplate} disabled={s.templates.length >= 30}>
        {t('planSettings.addTemplate')}
      </button>
      <h2>{t('planSettings.rules')}</h2>
      <div class="grid-form">
        <label class={cls('rules', 'minRestHours')}>
          {t('planSettings.minRestHours')}
          <input
            type="number"
            min="0"
            max="24"
            step="0.5"
            value={s.rules.minRestHours}
            onChange={(e) => setS('rules', 'minRestHours', Number(e.currentTarget.value))}
          />
        </label>
        <label class={cls('rules', 'noticeDays')}>
          {t('planSettings.noticeDays')}
          <input
            type="number"
            min="0"
            max="28"
            value={s.rules.noticeDays}
            onChange={(e) => setS('rules', 'noticeDays', Number(e.currentTarget.value))}
          />
        </label>
      </div>
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy()}>
          {t('planSettings.save')}
        </button>
        <button type="button" onClick={() => setS(reconcile(structuredClone(unwrap(props.data.defaults))))}>
          {t('planSettings.useDefaults')}
        </button>
        <Show when={saved()}>
          <span class="ok" role="status">
            {t('planSettings.saved')}
          </span>
        </Show>
        <Show when={error()}>
          <span class="error" role="alert">
            {error()}
          </span>
        </Show>
      </div>
    </form>
  );
}

export default function PlanSettingsPage() {
  const params = useParams<{ hallId: string }>();
  const [data, { refetch }] = createResource(
    () => params.hallId,
    (hallId) => api.schedulingSettings.get.query({ hallId }),
  );
  const [history, { refetch: refetchHistory }] = createResource(
    () => params.hallId,
    (hallId) => api.schedulingSettings.history.query({ hallId }),
  );
  return (
    <section class="plan-settings-page">
      <Loaded of={data} retry={() => void refetch()} refused="state.refusedHall" notFound="state.noSuchHall">
        {(d) => (
          <>
            <div class="page-head">
              <div>
                <p class="crumbs">
                  <A href={`/halls/${params.hallId}`} lang={dataLang(d().hall.name)}>
                    {d().hall.name}
                  </A>{' '}
                  · <A href={`/halls/${params.hallId}/forecast`}>{t('forecast.title')}</A>
                </p>
                <h1>{t('planSettings.title')}</h1>
              </div>
              <p class="muted">
                {d().stored ? t('planSettings.versionValue', { version: d().version }) : t('planSettings.defaults')}
              </p>
            </div>
            <Show when={d()} keyed>
              {(loaded) => (
                <Editor
                  data={loaded}
                  hallId={params.hallId}
                  onSaved={() => {
                    void refetch();
                    void refetchHistory();
                  }}
                />
              )}
            </Show>
            <h2>{t('planSettings.history')}</h2>
            <Show
              when={(history.latest ?? []).length > 0}
              fallback={<p class="empty">{t('planSettings.noHistory')}</p>}
            >
              <div class="table-wrap">
                <table class="data cards" data-table="settings-history">
                  <TableHead columns={['forecast.version', 'planSettings.savedAt', 'planSettings.savedBy']} />
                  <tbody>
                    <For each={history.latest ?? []}>
                      {(h) => (
                        <tr>
                          <th scope="row">{t('forecast.versionValue', { version: h.version })}</th>
                          <td data-label={t('planSettings.savedAt')}>{dateTime(Date.parse(h.savedAt))}</td>
                          <td data-label={t('planSettings.savedBy')} lang={dataLang(h.savedBy)}>
                            {h.savedBy ?? '—'}
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </Show>
          </>
        )}
      </Loaded>
    </section>
  );
}
