/**
 * One roster (`/halls/:hallId/rosters/:rosterId`): the week grid (people × days: each shift's times,
 * service and breaks, unmet wishes marked), the chosen day as a timeline to drag and resize shifts, the
 * edit form (a phone's way to edit; also add and remove), and under them the day's coverage curve —
 * required vs planned per interval, and the expected service level. Every edit is checked live
 * (`rosters.check`): the rules it breaks and its effect on service level and abandonment, before it is
 * saved; a draft is saved edit by edit. Publish (a reason when days within the notice period change),
 * make a new draft from a published version, or discard a draft.
 */
import { A, useNavigate, useParams } from '@solidjs/router';
import { createEffect, createMemo, createResource, createSignal, For, on, onCleanup, Show } from 'solid-js';
import { api, errorMessage, type Inputs, type Outputs } from '../../api.ts';
import { BarChart } from '../../charts/BarChart.tsx';
import { Loaded } from '../../components/States.tsx';
import { dataLang, percent } from '../../format.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import { DayTimeline, type Proposal } from './DayTimeline.tsx';
import { dayLabel, gapText, hhmm, periodLabel, ruleText, weekdayLabel } from './roster-format.ts';
import './rosters.css';

type Roster = Outputs['rosters']['get'];
type Shift = Roster['shifts'][number];
type Check = Outputs['rosters']['check'];
type Edit = Inputs['rosters']['check']['edit'];
type Unmet = { employeeId: string; date: string | null; kind: string; reason: string };

interface FormState {
  shiftId: number | null;
  employeeId: string;
  date: string;
  start: string;
  end: string;
  serviceId: string | null;
}

function editOf(f: FormState, original: Shift | null): Edit | null {
  if (f.shiftId === null)
    return { kind: 'add', employeeId: f.employeeId, date: f.date, start: f.start, end: f.end, serviceId: f.serviceId };
  if (
    original &&
    original.employeeId === f.employeeId &&
    original.date === f.date &&
    original.start === f.start &&
    original.end === f.end &&
    original.serviceId === f.serviceId
  )
    return null;
  return {
    kind: 'change',
    shiftId: f.shiftId,
    employeeId: f.employeeId,
    date: f.date,
    start: f.start,
    end: f.end,
    serviceId: f.serviceId,
  };
}

function Editor(props: { roster: Roster; onSaved: () => void }) {
  const r = () => props.roster;
  const editable = () => r().status === 'draft';
  const people = createMemo(() => {
    const on = new Set(r().shifts.map((s) => s.employeeId));
    return r().employees.filter((e) => e.status === 'active' || on.has(e.id));
  });
  const nameOf = (id: string) => r().employees.find((e) => e.id === id)?.name ?? t('rosters.unknownPerson');
  const serviceName = (id: string | null) =>
    id ? (r().planning?.services.find((s) => s.id === id)?.name ?? id) : t('rosters.noService');
  const [week, setWeek] = createSignal(0);
  const dates = () => r().dates.slice(week() * 7, week() * 7 + 7);
  const [date, setDate] = createSignal(r().dates[0] as string);
  const [form, setForm] = createSignal<FormState | null>(null);
  const [check, setCheck] = createSignal<Check | null>(null);
  const [checkError, setCheckError] = createSignal<string | null>(null);
  const [saving, setSaving] = createSignal(false);
  const [saveError, setSaveError] = createSignal<string | null>(null);
  const original = () => r().shifts.find((s) => s.id === form()?.shiftId) ?? null;
  const unmet = createMemo(() => (r().unmetWishes ?? []) as Unmet[]);

  let seq = 0;
  const runCheck = async (edit: Edit | null) => {
    const mine = ++seq;
    if (!edit) {
      setCheck(null);
      return;
    }
    try {
      const c = await api.rosters.check.query({ hallId: r().hallId, rosterId: r().id, edit });
      if (mine === seq) {
        setCheck(c);
        setCheckError(null);
      }
    } catch (err) {
      if (mine === seq) setCheckError(errorMessage(err));
    }
  };
  // The form's edit is checked as it changes (a short pause first, so typing is one check).
  let timer: ReturnType<typeof setTimeout> | undefined;
  createEffect(
    on(form, (f) => {
      clearTimeout(timer);
      if (!f) return void runCheck(null);
      timer = setTimeout(() => void runCheck(editOf(f, original())), 150);
    }),
  );
  onCleanup(() => clearTimeout(timer));

  /** What the form was last filled from or saved as: a form still equal to it is untouched. */
  let filledFrom: FormState | null = null;
  const formOf = (s: Shift): FormState => ({
    shiftId: s.id,
    employeeId: s.employeeId,
    date: s.date,
    start: s.start,
    end: s.end,
    serviceId: s.serviceId,
  });
  const sameForm = (a: FormState, b: FormState) =>
    a.shiftId === b.shiftId &&
    a.employeeId === b.employeeId &&
    a.date === b.date &&
    a.start === b.start &&
    a.end === b.end &&
    a.serviceId === b.serviceId;
  const select = (s: Shift) => {
    setDate(s.date);
    // Another shift: the form is made anew (a time input changed in place kept showing the old time).
    if (form()?.shiftId !== s.id) setForm(null);
    filledFrom = formOf(s);
    setForm(filledFrom);
  };
  // The week read afresh (after a save, a drop, another manager's edit): an untouched form shows its
  // shift as it is now — a chip picked while the saved week was still on its way showed the old times.
  createEffect(
    on(
      () => r().shifts,
      (shifts) => {
        const f = form();
        if (!f?.shiftId || !filledFrom || !sameForm(f, filledFrom)) return;
        const fresh = shifts.find((x) => x.id === f.shiftId);
        if (!fresh) {
          filledFrom = null;
          return void setForm(null);
        }
        const now = formOf(fresh);
        if (sameForm(now, f)) return;
        filledFrom = now;
        setForm(null);
        setForm(now);
      },
      { defer: true },
    ),
  );
  const addFor = (employeeId: string, day: string) => {
    const e = r().employees.find((x) => x.id === employeeId);
    const skill = Object.entries(e?.skills ?? {}).find(([, level]) => level >= 2)?.[0] ?? null;
    const start = r().planning ? hhmm(r().planning!.dayStartMinutes) : '09:00';
    setDate(day);
    setForm({
      shiftId: null,
      employeeId,
      date: day,
      start,
      end: hhmm(Math.min(23 * 60, Number(start.slice(0, 2)) * 60 + 240)),
      serviceId: skill,
    });
  };
  const save = async (edit: Edit | null) => {
    if (!edit) return;
    setSaving(true);
    setSaveError(null);
    try {
      const out = await api.rosters.edit.mutate({ hallId: r().hallId, rosterId: r().id, edit });
      setCheck(out);
      props.onSaved();
      if (edit.kind === 'remove') {
        filledFrom = null;
        setForm(null);
      } else if (out.shiftId) {
        const f = form();
        filledFrom = f ? { ...f, shiftId: out.shiftId } : null;
        setForm(filledFrom);
      }
    } catch (err) {
      setSaveError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  const onPropose = (p: Proposal | null) => {
    if (!p) return void runCheck(null);
    const s = r().shifts.find((x) => x.id === p.shiftId);
    if (s)
      setForm({
        shiftId: s.id,
        employeeId: s.employeeId,
        date: s.date,
        start: p.start,
        end: p.end,
        serviceId: s.serviceId,
      });
  };
  const onCommit = (p: Proposal) => void save({ kind: 'change', shiftId: p.shiftId, start: p.start, end: p.end });

  const [coverage, { refetch: refetchCoverage }] = createResource(
    () => (r().planning ? { hallId: r().hallId, rosterId: r().id, date: date(), v: r().shifts.length } : null),
    (q) => api.rosters.coverage.query({ hallId: q.hallId, rosterId: q.rosterId, date: q.date }),
  );
  createEffect(
    on(
      () => r().shifts,
      () => void refetchCoverage(),
      { defer: true },
    ),
  );
  const after = () => check()?.days.find((d) => d.date === date()) ?? null;
  // The curve of the hall as a whole, or of one service.
  const [curveOf, setCurveOf] = createSignal<string>('');
  const curve = (c: NonNullable<ReturnType<typeof coverage>>) => {
    const one = c.services.find((x) => x.id === curveOf());
    const later = after();
    const next = later ? (one ? later.after.services.find((x) => x.id === one.id) : later.after.total) : null;
    return {
      required: one ? one.required : c.total.required,
      planned: one ? one.planned : c.total.planned,
      serviceLevel: one ? one.serviceLevel : c.total.serviceLevel,
      plannedAfter: next?.planned ?? null,
      serviceLevelAfter: next?.serviceLevel ?? null,
    };
  };
  const dayStart = () => r().planning?.dayStartMinutes ?? 540;
  const step = () => r().planning?.intervalMinutes ?? 30;
  const intervals = () => r().planning?.intervals ?? 18;
  const categories = () => Array.from({ length: intervals() }, (_, i) => hhmm(dayStart() + i * step()));

  return (
    <>
      <Show when={r().dates.length > 7}>
        <div class="filters" role="group" aria-label={t('rosters.weekChoice')}>
          <For each={Array.from({ length: r().dates.length / 7 }, (_, k) => k)}>
            {(k) => (
              <button type="button" classList={{ primary: week() === k }} onClick={() => setWeek(k)}>
                {t('rosters.weekN', { n: k + 1 })}
              </button>
            )}
          </For>
        </div>
      </Show>
      <div class="roster-grid-wrap">
        <table class="data roster-grid">
          <thead>
            <tr>
              <th scope="col">{t('rosters.person')}</th>
              <For each={dates()}>
                {(d) => (
                  <th scope="col" classList={{ chosen: d === date() }}>
                    <button type="button" class="link" onClick={() => setDate(d)}>
                      {dayLabel(d)}
                    </button>
                  </th>
                )}
              </For>
            </tr>
          </thead>
          <tbody>
            <For each={people()}>
              {(p) => (
                <tr>
                  <th scope="row" lang={dataLang(p.name)}>
                    {p.name}
                  </th>
                  <For each={dates()}>
                    {(d) => {
                      const mine = () => r().shifts.filter((s) => s.employeeId === p.id && s.date === d);
                      const wishes = () => unmet().filter((u) => u.employeeId === p.id && u.date === d);
                      return (
                        <td classList={{ chosen: d === date() }} data-label={weekdayLabel(d)}>
                          <For each={mine()}>
                            {(s) => (
                              <button
                                type="button"
                                class="shift-chip"
                                classList={{ selected: form()?.shiftId === s.id }}
                                onClick={() => select(s)}
                              >
                                <span class="shift-time">
                                  {s.start}–{s.end}
                                </span>
                                <span class="shift-service" lang={dataLang(serviceName(s.serviceId))}>
                                  {serviceName(s.serviceId)}
                                </span>
                                <For each={s.breaks}>
                                  {(b) => (
                                    <span class="shift-break">
                                      {t('rosters.breakAt', { from: b.start, to: b.end })}
                                    </span>
                                  )}
                                </For>
                              </button>
                            )}
                          </For>
                          <For each={wishes()}>
                            {(u) => (
                              <span class="unmet" title={u.reason}>
                                {t(`rosters.unmet.${u.kind}` as ConsoleKey)}
                              </span>
                            )}
                          </For>
                          <Show when={editable() && !mine().length}>
                            <button
                              type="button"
                              class="link add-shift"
                              aria-label={t('rosters.addFor', { name: p.name, day: dayLabel(d) })}
                              onClick={() => addFor(p.id, d)}
                            >
                              +
                            </button>
                          </Show>
                        </td>
                      );
                    }}
                  </For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>

      <h2>{t('rosters.dayTitle', { day: dayLabel(date()) })}</h2>
      <DayTimeline
        people={people()}
        shifts={r().shifts.filter((s) => s.date === date())}
        dayStart={dayStart()}
        dayEnd={dayStart() + intervals() * step()}
        step={step()}
        editable={editable()}
        selected={form()?.shiftId ?? null}
        serviceName={serviceName}
        onSelect={(id) => {
          const s = r().shifts.find((x) => x.id === id);
          if (s) select(s);
        }}
        onPropose={onPropose}
        onCommit={onCommit}
      />

      <Show when={form()}>
        {(f) => (
          <form
            class="shift-form"
            onSubmit={(e) => {
              e.preventDefault();
              void save(editOf(f(), original()));
            }}
          >
            <h3>{f().shiftId === null ? t('rosters.addShift') : t('rosters.editShift')}</h3>
            <label>
              {t('rosters.person')}
              <select
                value={f().employeeId}
                disabled={!editable()}
                onChange={(e) => setForm({ ...f(), employeeId: e.currentTarget.value })}
              >
                <For each={people()}>
                  {(p) => (
                    <option value={p.id} lang={dataLang(p.name)} selected={p.id === f().employeeId}>
                      {p.name}
                    </option>
                  )}
                </For>
              </select>
            </label>
            <label>
              {t('rosters.day')}
              <select
                value={f().date}
                disabled={!editable()}
                onChange={(e) => setForm({ ...f(), date: e.currentTarget.value })}
              >
                <For each={r().dates}>
                  {(d) => (
                    <option value={d} selected={d === f().date}>
                      {dayLabel(d)}
                    </option>
                  )}
                </For>
              </select>
            </label>
            <label>
              {t('rosters.start')}
              <input
                type="time"
                step={step() * 60}
                value={f().start}
                disabled={!editable()}
                onChange={(e) => setForm({ ...f(), start: e.currentTarget.value })}
              />
            </label>
            <label>
              {t('rosters.end')}
              <input
                type="time"
                step={step() * 60}
                value={f().end}
                disabled={!editable()}
                onChange={(e) => setForm({ ...f(), end: e.currentTarget.value })}
              />
            </label>
            <label>
              {t('rosters.service')}
              <select
                value={f().serviceId ?? ''}
                disabled={!editable()}
                onChange={(e) => setForm({ ...f(), serviceId: e.currentTarget.value || null })}
              >
                <option value="" selected={f().serviceId === null}>
                  {t('rosters.noService')}
                </option>
                <For each={r().planning?.services ?? []}>
                  {(s) => (
                    <option value={s.id} lang={dataLang(s.name)} selected={s.id === f().serviceId}>
                      {s.name}
                    </option>
                  )}
                </For>
              </select>
            </label>
            <Show when={editable()}>
              <div class="actions">
                <button type="submit" class="primary" disabled={saving() || !editOf(f(), original())}>
                  {t('rosters.save')}
                </button>
                <Show when={f().shiftId !== null}>
                  <button
                    type="button"
                    class="danger"
                    disabled={saving()}
                    onClick={() => void save({ kind: 'remove', shiftId: f().shiftId as number })}
                  >
                    {t('rosters.remove')}
                  </button>
                  <button
                    type="button"
                    disabled={saving()}
                    onClick={() => void runCheck({ kind: 'remove', shiftId: f().shiftId as number })}
                  >
                    {t('rosters.whatIfRemoved')}
                  </button>
                </Show>
                <button type="button" class="link" onClick={() => setForm(null)}>
                  {t('rosters.close')}
                </button>
              </div>
            </Show>
            <Show when={saveError()}>
              <p class="error" role="alert">
                {saveError()}
              </p>
            </Show>
          </form>
        )}
      </Show>

      <CheckPanel check={check()} error={checkError()} nameOf={nameOf} />

      <h2>{t('rosters.coverageTitle', { day: dayLabel(date()) })}</h2>
      <Loaded of={coverage} retry={() => void refetchCoverage()}>
        {(c) => (
          <div class="coverage">
            <p class="muted">
              {t('rosters.daySummary', {
                sl: percent(c().summary.serviceLevel),
                abandon: percent(c().summary.abandon),
              })}
            </p>
            <label class="curve-of">
              {t('rosters.curveOf')}
              <select value={curveOf()} onChange={(e) => setCurveOf(e.currentTarget.value)}>
                <option value="" selected={curveOf() === ''}>
                  {t('rosters.wholeHall')}
                </option>
                <For each={r().planning?.services ?? []}>
                  {(s) => (
                    <option value={s.id} lang={dataLang(s.name)} selected={curveOf() === s.id}>
                      {s.name}
                    </option>
                  )}
                </For>
              </select>
            </label>
            <BarChart
              title={t('rosters.coverageChart')}
              categories={categories()}
              series={[
                { label: t('rosters.required'), values: curve(c()).required, kind: 'bars', color: '#8aa4c8' },
                { label: t('rosters.planned'), values: curve(c()).planned, kind: 'line', color: '#1f6f43' },
                ...(after()
                  ? [
                      {
                        label: t('rosters.plannedAfter'),
                        values: curve(c()).plannedAfter ?? [],
                        kind: 'line' as const,
                        color: '#c2410c',
                      },
                    ]
                  : []),
              ]}
            />
            <BarChart
              title={t('rosters.slChart')}
              categories={categories()}
              height={180}
              series={[
                {
                  label: t('rosters.slNow'),
                  values: curve(c()).serviceLevel.map((x) => Math.round(x * 100)),
                  kind: 'line',
                  color: '#1f6f43',
                },
                ...(after()
                  ? [
                      {
                        label: t('rosters.slAfter'),
                        values: (curve(c()).serviceLevelAfter ?? []).map((x) => Math.round(x * 100)),
                        kind: 'line' as const,
                        color: '#c2410c',
                      },
                    ]
                  : []),
              ]}
            />
            <p class="muted">{t('rosters.slAxis')}</p>
          </div>
        )}
      </Loaded>
    </>
  );
}

function CheckPanel(props: { check: Check | null; error: string | null; nameOf: (id: string) => string }) {
  return (
    <section class="check-panel" aria-live="polite">
      <Show when={props.error}>
        <p class="error">{props.error}</p>
      </Show>
      <Show when={props.check}>
        {(c) => (
          <>
            <h3>{t('rosters.checkTitle')}</h3>
            <Show when={c().violations.length} fallback={<p class="ok">{t('rosters.rulesKept')}</p>}>
              <ul class="violations">
                <For each={c().violations}>
                  {(v) => <li classList={{ new: v.new }}>{ruleText(v, props.nameOf(v.employeeId))}</li>}
                </For>
              </ul>
            </Show>
            <For each={c().days}>
              {(d) => (
                <>
                  <p>
                    {t('rosters.dayImpact', {
                      day: dayLabel(d.date),
                      before: percent(d.before.summary.serviceLevel),
                      after: percent(d.after.summary.serviceLevel),
                      abandonBefore: percent(d.before.summary.abandon),
                      abandonAfter: percent(d.after.summary.abandon),
                    })}
                  </p>
                  <ul class="impact">
                    <For each={d.runs}>
                      {(run) => (
                        <li classList={{ worse: run.serviceLevelAfter < run.serviceLevelBefore }}>
                          {t('rosters.impactRun', {
                            day: weekdayLabel(run.date),
                            from: run.from,
                            to: run.to,
                            before: percent(run.serviceLevelBefore),
                            after: percent(run.serviceLevelAfter),
                            abandonBefore: percent(run.abandonBefore),
                            abandonAfter: percent(run.abandonAfter),
                          })}
                        </li>
                      )}
                    </For>
                  </ul>
                </>
              )}
            </For>
          </>
        )}
      </Show>
    </section>
  );
}

function Actions(props: { roster: Roster; onChanged: () => void }) {
  const navigate = useNavigate();
  const r = () => props.roster;
  const [reason, setReason] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [done, setDone] = createSignal<string | null>(null);
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const publish = () =>
    run(async () => {
      const out = await api.rosters.publish.mutate({
        hallId: r().hallId,
        rosterId: r().id,
        ...(reason().trim() ? { reason: reason().trim() } : {}),
      });
      setDone(t('rosters.publishedNow', { n: out.version }));
      props.onChanged();
    });
  const revise = () =>
    run(async () => {
      const out = await api.rosters.revise.mutate({ hallId: r().hallId, rosterId: r().id });
      navigate(`/halls/${r().hallId}/rosters/${out.rosterId}`);
    });
  const discard = () =>
    run(async () => {
      await api.rosters.discard.mutate({ hallId: r().hallId, rosterId: r().id });
      navigate(`/halls/${r().hallId}/rosters`);
    });
  return (
    <div class="roster-actions">
      <Show when={r().status === 'draft'}>
        <label class="reason">
          {t('rosters.reason')}
          <input type="text" maxLength={500} value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
        <button type="button" class="primary" disabled={busy()} onClick={() => void publish()}>
          {t('rosters.publish')}
        </button>
        <button type="button" class="danger" disabled={busy()} onClick={() => void discard()}>
          {t('rosters.discard')}
        </button>
      </Show>
      <Show when={r().status === 'published' || r().status === 'superseded'}>
        <button type="button" disabled={busy()} onClick={() => void revise()}>
          {t('rosters.revise')}
        </button>
      </Show>
      <Show when={done()}>
        <span class="ok" role="status">
          {done()}
        </span>
      </Show>
      <Show when={error()}>
        <span class="error" role="alert">
          {error()}
        </span>
      </Show>
    </div>
  );
}

export default function RosterWeekPage() {
  const params = useParams<{ hallId: string; rosterId: string }>();
  const [roster, { refetch }] = createResource(
    () => ({ hallId: params.hallId, rosterId: params.rosterId }),
    (q) => api.rosters.get.query(q),
  );
  return (
    <section class="rosters">
      <Loaded of={roster} retry={() => void refetch()} refused="state.refusedHall" notFound="rosters.notFound">
        {(r) => (
          <>
            <div class="page-head">
              <div>
                <p class="crumbs">
                  <A href={`/halls/${params.hallId}`} lang={dataLang(r().hallName)}>
                    {r().hallName}
                  </A>{' '}
                  › <A href={`/halls/${params.hallId}/rosters`}>{t('rosters.title')}</A>
                </p>
                <h1>
                  {periodLabel(r().fromDate, r().days)} · {t('rosters.versionN', { n: r().version })}
                </h1>
                <p>
                  <span class={`roster-status ${r().status}`}>{t(`rosters.status.${r().status}` as ConsoleKey)}</span>{' '}
                  <Show when={typeof r().solver?.gap === 'number'}>
                    <span class="gap">{gapText(r().solver?.gap as number)}</span>
                  </Show>
                  <Show when={r().status === 'superseded'}>
                    <span class="muted"> {t('rosters.readOnly')}</span>
                  </Show>
                </p>
              </div>
              <Actions roster={r()} onChanged={() => void refetch()} />
            </div>
            <Show when={r().violations.length}>
              <details class="roster-violations">
                <summary>{t('rosters.violationsN', { n: r().violations.length })}</summary>
                <ul>
                  <For each={r().violations}>
                    {(v) => (
                      <li>
                        {ruleText(
                          v,
                          r().employees.find((e) => e.id === v.employeeId)?.name ?? t('rosters.unknownPerson'),
                        )}
                      </li>
                    )}
                  </For>
                </ul>
              </details>
            </Show>
            <Editor roster={r()} onSaved={() => void refetch()} />
          </>
        )}
      </Loaded>
    </section>
  );
}
