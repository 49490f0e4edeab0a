/**
 * 员工档案 An employee's record (/staff/:employeeId/record for their managers, /me/record for the clerk
 * on a phone): KPI history by month, attendance and adherence of the last four weeks, on-site forms,
 * skill levels (changes and waiting proposals), awards and errors — which a manager records here.
 */
import { periodText, stageName } from '../cycles/cycle-text.tsx';
import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, errorMessage, type Outputs } from '../../../api.ts';
import { Loaded } from '../../../components/States.tsx';
import { calendarDate, count, dataLang, decimal, duration, percent } from '../../../format.ts';
import { lang } from '../../../../lib/lang.ts';
import { t } from '../../../i18n.ts';
import { can, session } from '../../../session.ts';
import { SkillChips } from '../../staff/staff-text.tsx';
import { CATEGORIES, categoryLabel, kpiValueText, levelWord, recordKindLabel } from './skill-text.tsx';
import '../../staff/staff.css';
import './skills.css';

type StaffRecord = Outputs['staffRecords']['get'];
const MANAGERS = ['administrator', 'region_manager', 'hall_manager'] as const;

/** A moment as the hall's clock read it (11/30 14:29). */
const hallTime = (at: string | Date, timeZone: string) =>
  new Intl.DateTimeFormat(lang(), { dateStyle: 'short', timeStyle: 'short', timeZone }).format(new Date(at));

const monthLabel = (ym: string) =>
  new Intl.DateTimeFormat(lang(), { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${ym}-01T00:00:00Z`),
  );

function KpiHistory(props: { r: StaffRecord }) {
  const months = () => props.r.kpi.months.filter((m) => m.days > 0);
  const name = (d: StaffRecord['kpi']['definitions'][number]) => (lang() === 'zh-CN' ? d.nameZh : d.nameEn);
  return (
    <section class="panel full" aria-labelledby="rec-kpi">
      <h2 id="rec-kpi">{t('skills.record.kpi')}</h2>
      <Show when={months().length > 0} fallback={<p class="empty">{t('skills.record.noKpi')}</p>}>
        <div class="table-wrap">
          <table class="data kpi-history">
            <thead>
              <tr>
                <th scope="col">{t('skills.record.kpiName')}</th>
                <For each={months()}>{(m) => <th scope="col">{monthLabel(m.month)}</th>}</For>
              </tr>
            </thead>
            <tbody>
              <For each={props.r.kpi.definitions}>
                {(d) => (
                  <tr>
                    <th scope="row">{name(d)}</th>
                    <For each={months()}>
                      {(m) => {
                        const v = m.values.find((x) => x.key === d.key);
                        return (
                          <td
                            class={v && !v.enough ? 'muted' : ''}
                            title={v && !v.enough ? t('skills.record.tooFew') : ''}
                          >
                            {kpiValueText(v?.value ?? null, d.unit)}
                          </td>
                        );
                      }}
                    </For>
                  </tr>
                )}
              </For>
              <tr class="total">
                <th scope="row">{t('skills.record.total')}</th>
                <For each={months()}>{(m) => <td>{decimal(m.total, 0)}</td>}</For>
              </tr>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  );
}

function Attendance(props: { r: StaffRecord }) {
  const a = () => props.r.attendance;
  return (
    <section class="panel" aria-labelledby="rec-att">
      <h2 id="rec-att">{t('skills.record.attendance')}</h2>
      <p class="muted">
        {calendarDate(a().from, 'short')} – {calendarDate(a().to, 'short')}
      </p>
      <Show when={a().totals} fallback={<p class="empty">{t('skills.record.noAttendance')}</p>}>
        {(x) => (
          <dl class="facts">
            <dt>{t('skills.record.planned')}</dt>
            <dd>{duration(x().plannedMinutes)}</dd>
            <dt>{t('skills.record.worked')}</dt>
            <dd>{duration(x().workedMinutes)}</dd>
            <dt>{t('skills.record.adherence')}</dt>
            <dd>{percent(x().adherence)}</dd>
            <dt>{t('skills.record.lateDays')}</dt>
            <dd>{count(x().lateDays)}</dd>
            <dt>{t('skills.record.absentDays')}</dt>
            <dd>{count(x().absentDays)}</dd>
          </dl>
        )}
      </Show>
    </section>
  );
}

function Onsite(props: { r: StaffRecord }) {
  return (
    <section class="panel" aria-labelledby="rec-onsite">
      <h2 id="rec-onsite">{t('skills.record.onsite')}</h2>
      <Show when={props.r.onsite.length > 0} fallback={<p class="empty">{t('skills.record.noOnsite')}</p>}>
        <ul class="entries">
          <For each={props.r.onsite}>
            {(f) => (
              <li>
                <span>{hallTime(f.at, props.r.employee.timeZone)}</span>
                <span>{(lang() === 'zh-CN' ? f.templateZh : f.templateEn) ?? t('skills.record.form')}</span>
                <strong>
                  {decimal(f.points, 0)} / {decimal(f.maxPoints, 0)}
                </strong>
                <Show when={f.criticalFailed}>
                  <span class="badge rejected">{t('skills.record.criticalFailed')}</span>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}

function Skills(props: { r: StaffRecord }) {
  const service = (id: string) => props.r.services.find((s) => s.id === id)?.name ?? id;
  return (
    <section class="panel" aria-labelledby="rec-skills">
      <h2 id="rec-skills">{t('skills.record.skills')}</h2>
      <SkillChips skills={props.r.employee.skills} services={props.r.services} />
      <Show when={props.r.skills.pending.length > 0}>
        <h3>{t('skills.record.pending')}</h3>
        <ul class="entries">
          <For each={props.r.skills.pending}>
            {(p) => (
              <li data-pending={p.id}>
                <span lang={dataLang(service(p.serviceId))}>{service(p.serviceId)}</span>
                <span>
                  {levelWord(p.fromLevel)} → {levelWord(p.toLevel)}
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <h3>{t('skills.record.history')}</h3>
      <Show when={props.r.skills.history.length > 0} fallback={<p class="empty">{t('skills.record.noHistory')}</p>}>
        <ul class="entries">
          <For each={props.r.skills.history}>
            {(h) => (
              <li>
                <span>{hallTime(h.at, props.r.employee.timeZone)}</span>
                <span lang={dataLang(service(h.serviceId))}>{service(h.serviceId)}</span>
                <span>
                  {levelWord(h.fromLevel)} → {levelWord(h.toLevel)}
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}

function AddEntry(props: { r: StaffRecord; done: () => void }) {
  const [kind, setKind] = createSignal<'award' | 'error'>('award');
  const [category, setCategory] = createSignal<(typeof CATEGORIES)[number]>('service');
  const [date, setDate] = createSignal(props.r.today);
  const [description, setDescription] = createSignal('');
  const [points, setPoints] = createSignal(1);
  const [ticketNo, setTicketNo] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.staffRecords.add.mutate({
        employeeId: props.r.employee.id,
        date: date(),
        kind: kind(),
        category: category(),
        description: description().trim(),
        points: points(),
        ...(ticketNo().trim() ? { ticketNo: ticketNo().trim() } : {}),
      });
      setDescription('');
      setTicketNo('');
      props.done();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="record-form" onSubmit={(e) => void submit(e)}>
      <h3>{t('skills.record.add')}</h3>
      <div class="grid">
        <label>
          <span>{t('skills.record.kind')}</span>
          <select value={kind()} onChange={(e) => setKind(e.currentTarget.value as 'award' | 'error')}>
            <option value="award">{t('skills.record.award')}</option>
            <option value="error">{t('skills.record.error')}</option>
          </select>
        </label>
        <label>
          <span>{t('skills.record.category')}</span>
          <select
            value={category()}
            onChange={(e) => setCategory(e.currentTarget.value as (typeof CATEGORIES)[number])}
          >
            <For each={CATEGORIES}>{(c) => <option value={c}>{categoryLabel(c)}</option>}</For>
          </select>
        </label>
        <label>
          <span>{t('skills.record.date')}</span>
          <input type="date" value={date()} max={props.r.today} onInput={(e) => setDate(e.currentTarget.value)} />
        </label>
        <label>
          <span>{kind() === 'award' ? t('skills.record.points') : t('skills.record.severity')}</span>
          <input
            type="number"
            min={1}
            max={kind() === 'award' ? 100 : 3}
            value={points()}
            onInput={(e) => setPoints(Math.max(1, Math.round(Number(e.currentTarget.value) || 1)))}
          />
        </label>
        <label>
          <span>{t('skills.record.ticket')}</span>
          <input maxLength={16} value={ticketNo()} onInput={(e) => setTicketNo(e.currentTarget.value)} />
        </label>
      </div>
      <label class="wide-field">
        <span>{t('skills.record.description')}</span>
        <textarea
          maxLength={500}
          rows={2}
          value={description()}
          onInput={(e) => setDescription(e.currentTarget.value)}
        />
      </label>
      <button type="submit" class="primary" disabled={busy() || !description().trim()}>
        {t('skills.record.save')}
      </button>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </form>
  );
}

function Entries(props: { r: StaffRecord; manager: boolean; done: () => void }) {
  const [error, setError] = createSignal<string | null>(null);
  const withdraw = async (entryId: number) => {
    setError(null);
    try {
      await api.staffRecords.withdraw.mutate({ employeeId: props.r.employee.id, entryId });
      props.done();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <section class="panel full" aria-labelledby="rec-entries">
      <h2 id="rec-entries">{t('skills.record.entries')}</h2>
      <Show when={props.manager}>
        <AddEntry r={props.r} done={props.done} />
      </Show>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <Show when={props.r.entries.length > 0} fallback={<p class="empty">{t('skills.record.noEntries')}</p>}>
        <ul class="entries record-entries">
          <For each={props.r.entries}>
            {(e) => (
              <li data-entry={e.id} class={`${e.kind}${e.withdrawn ? ' withdrawn' : ''}`}>
                <span>{calendarDate(e.date, 'short')}</span>
                <span class={`badge ${e.kind === 'award' ? 'confirmed' : 'rejected'}`}>{recordKindLabel(e.kind)}</span>
                <span>{categoryLabel(e.category)}</span>
                <span class="desc" lang={dataLang(e.description)}>
                  {e.description}
                </span>
                <Show when={e.ticketNo}>
                  <span class="muted" translate="no">
                    {e.ticketNo}
                  </span>
                </Show>
                <Show when={e.withdrawn}>
                  <span class="muted">{t('skills.record.withdrawn')}</span>
                </Show>
                <Show when={props.manager && !e.withdrawn}>
                  <button type="button" class="link" onClick={() => void withdraw(e.id)}>
                    {t('skills.record.withdraw')}
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}

function RecordView(props: { r: StaffRecord; manager: boolean; done: () => void }) {
  const e = () => props.r.employee;
  return (
    <>
      <div class="page-head">
        <div>
          <p class="crumbs">
            <Show when={props.manager} fallback={<span lang={dataLang(e().hallName)}>{e().hallName}</span>}>
              <A href={`/halls/${e().hallId}/staff`} lang={dataLang(e().hallName)}>
                {e().hallName}
              </A>
              {' / '}
              <A href={`/staff/${e().id}`} lang={dataLang(e().name)}>
                {e().name}
              </A>
            </Show>
          </p>
          <h1>
            {t('skills.record.title')}
            {' · '}
            <span lang={dataLang(e().name)}>{e().name}</span>
          </h1>
          <p class="muted">{t('skills.record.number', { n: e().staffId })}</p>
        </div>
      </div>
      <div class="record-grid">
        <KpiHistory r={props.r} />
        <Skills r={props.r} />
        <Attendance r={props.r} />
        <Onsite r={props.r} />
        <Entries r={props.r} manager={props.manager} done={props.done} />
        <Show when={props.r.cycles.length > 0 && props.r.cycles}>
          {(cycles) => (
            <section class="panel" aria-labelledby="rec-cycles">
              <h2 id="rec-cycles">{t('skills.record.cycles')}</h2>
              <ul class="entries">
                <For each={cycles()}>
                  {(c) => (
                    <li>
                      <span lang={dataLang(c.name)}>{c.name}</span>
                      <span>{periodText(c.from, c.to)}</span>
                      <span>{c.status === 'open' ? stageName(c.stage) : t('skills.record.cycleClosed')}</span>
                      <span>{decimal(c.score, 1)}</span>
                    </li>
                  )}
                </For>
              </ul>
            </section>
          )}
        </Show>
      </div>
    </>
  );
}

/** /staff/:employeeId/record — for the employee's managers (and the employee themself). */
export function EmployeeRecordPage() {
  const params = useParams<{ employeeId: string }>();
  const [data, { refetch }] = createResource(
    () => params.employeeId,
    (employeeId) => api.staffRecords.get.query({ employeeId }),
  );
  const manager = () => can(session().me(), MANAGERS);
  return (
    <section class="skills-page record wide">
      <Loaded of={data} retry={() => void refetch()} refused="skills.refusedRecord" notFound="skills.noSuchEmployee">
        {(r) => <RecordView r={r()} manager={manager()} done={() => void refetch()} />}
      </Loaded>
    </section>
  );
}

/** /me/record — the signed-in clerk's own record, read-only, phone-first. */
export default function MyRecordPage() {
  const [data, { refetch }] = createResource(async () => ({ record: await api.staffRecords.me.query() }));
  return (
    <section class="skills-page record me">
      <Loaded of={data} retry={() => void refetch()}>
        {(d) => (
          <Show
            when={d().record}
            fallback={
              <div class="state empty" role="status">
                <h1>{t('skills.record.title')}</h1>
                <p>{t('staff.me.notLinked')}</p>
              </div>
            }
          >
            {(r) => <RecordView r={r()} manager={false} done={() => void refetch()} />}
          </Show>
        )}
      </Loaded>
    </section>
  );
}
