/**
 * 员工档案 One employee (/staff/:employeeId): every field of the record (name, role, status, start date,
 * contract, skills per service with a level, availability per weekday), the console account that is
 * this employee, a move to another hall from a day on, and the counter PIN — reset here, shown once.
 */
import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, errorMessage, type Outputs } from '../../api.ts';
import { calendarDate, dataLang, dateTime } from '../../format.ts';
import { t } from '../../i18n.ts';
import { Loaded } from '../../components/States.tsx';
import { AvailabilityEditor } from './AvailabilityEditor.tsx';
import { PinReset } from './PinReset.tsx';
import { MoveForm } from './MoveForm.tsx';
import {
  contractSummary,
  dayAvailability,
  levelLabel,
  roleLabel,
  SkillChips,
  statusLabel,
  statusTone,
  WEEKDAYS,
  weekdayLabel,
  type Availability,
  type Contract,
} from './staff-text.tsx';
import { can, session } from '../../session.ts';
import './staff.css';

type Employee = Outputs['staff']['get'];

/** The roles that edit staff records (module scheduling, edit); anyone else who may see one (the clerk themself) reads it. */
const EDITOR_ROLES = ['administrator', 'region_manager', 'hall_manager'];

/** The record read-only: what a clerk sees opening their own. */
function EmployeeFacts(props: { employee: Employee }) {
  const e = () => props.employee;
  return (
    <>
      <h1>
        <span lang={dataLang(e().name)}>{e().name}</span>{' '}
        <small translate="no" class="muted">
          {e().staffId}
        </small>
      </h1>
      <dl class="facts">
        <dt>{t('staff.hall')}</dt>
        <dd lang={dataLang(e().hallName)}>{e().hallName}</dd>
        <dt>{t('staff.role')}</dt>
        <dd>{roleLabel(e().role)}</dd>
        <dt>{t('staff.contract')}</dt>
        <dd>{contractSummary(e().contract)}</dd>
        <dt>{t('staff.skills')}</dt>
        <dd>
          <SkillChips skills={e().skills} services={e().services} />
        </dd>
        <For each={WEEKDAYS}>
          {(d) => (
            <>
              <dt>{weekdayLabel(d)}</dt>
              <dd>{dayAvailability(e().availability as Availability, d)}</dd>
            </>
          )}
        </For>
      </dl>
    </>
  );
}

export default function EmployeePage() {
  const params = useParams<{ employeeId: string }>();
  const [employee, { refetch }] = createResource(
    () => params.employeeId,
    (employeeId) => api.staff.get.query({ employeeId }),
  );
  return (
    <section class="staff-page">
      <Loaded
        of={employee}
        retry={() => void refetch()}
        refused="staff.refusedEmployee"
        notFound="staff.noSuchEmployee"
      >
        {(e) => (
          <Show when={can(session().me(), EDITOR_ROLES)} fallback={<EmployeeFacts employee={e()} />}>
            <EmployeeEditor employee={e()} reload={() => void refetch()} />
          </Show>
        )}
      </Loaded>
    </section>
  );
}

function EmployeeEditor(props: { employee: Employee; reload: () => void }) {
  const e = () => props.employee;
  const [name, setName] = createSignal(e().name);
  const [role, setRole] = createSignal(e().role);
  const [status, setStatus] = createSignal(e().status);
  const [startDate, setStartDate] = createSignal(e().startDate ?? '');
  const [contract, setContract] = createSignal<Contract>({ ...e().contract });
  const [skills, setSkills] = createSignal<Record<string, number>>({ ...e().skills });
  const [availability, setAvailability] = createSignal<Availability>({ ...(e().availability as Availability) });
  const [userId, setUserId] = createSignal<string>(e().userId ?? '');
  const [message, setMessage] = createSignal<{ ok: boolean; say: () => string } | null>(null);
  const [busy, setBusy] = createSignal(false);
  // Only a manager may link accounts; for anyone else the list is refused and the section shows the link only.
  const [linkable] = createResource(
    () => e().hallId,
    (hallId) => api.staff.linkableUsers.query({ hallId }).catch(() => null),
  );

  const setContractField = <K extends keyof Contract>(k: K, v: Contract[K]) => setContract({ ...contract(), [k]: v });
  const setLevel = (serviceId: string, level: number) => {
    const next = { ...skills() };
    if (level === 0) delete next[serviceId];
    else next[serviceId] = level;
    setSkills(next);
  };

  const save = async (ev: SubmitEvent) => {
    ev.preventDefault();
    setBusy(true);
    try {
      await api.staff.update.mutate({
        employeeId: e().id,
        name: name().trim(),
        role: role(),
        status: status(),
        startDate: startDate() || null,
        contract: contract(),
        skills: skills(),
        availability: availability(),
        userId: userId() || null,
      });
      setMessage({ ok: true, say: () => t('staff.saved') });
      props.reload();
    } catch (err) {
      setMessage({ ok: false, say: () => errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div class="page-head">
        <div>
          <h1>
            <span lang={dataLang(e().name)}>{e().name}</span>{' '}
            <small translate="no" class="muted">
              {e().staffId}
            </small>
          </h1>
          <p class="sub">
            <A href={`/halls/${e().hallId}/staff`} lang={dataLang(e().hallName)}>
              {e().hallName}
            </A>{' '}
            · {roleLabel(e().role)} · <span class={`badge ${statusTone(e().status)}`}>{statusLabel(e().status)}</span> ·{' '}
            {contractSummary(e().contract)}
          </p>
          <nav class="me-links" aria-label={t('hallNav.performance')}>
            <A href={`/staff/${encodeURIComponent(e().id)}/kpis`}>{t('kpiViews.clerk.title')}</A>
            <A href={`/staff/${encodeURIComponent(e().id)}/record`}>{t('skills.record.title')}</A>
            <A href={`/staff/${encodeURIComponent(e().id)}/onsite`}>{t('onsite.nav')}</A>
          </nav>
        </div>
      </div>

      <form class="employee-form" onSubmit={(ev) => void save(ev)} aria-label={t('staff.record')}>
        <fieldset>
          <legend>{t('staff.record')}</legend>
          <div class="grid">
            <label>
              {t('staff.name')}
              <input required maxLength={40} value={name()} onInput={(ev) => setName(ev.currentTarget.value)} />
            </label>
            <label>
              {t('staff.role')}
              <select value={role()} onChange={(ev) => setRole(ev.currentTarget.value as 'clerk')}>
                <option value="clerk">{t('staff.role.clerk')}</option>
                <option value="lead">{t('staff.role.lead')}</option>
                <option value="manager">{t('staff.role.manager')}</option>
              </select>
            </label>
            <label>
              {t('staff.status')}
              <select value={status()} onChange={(ev) => setStatus(ev.currentTarget.value as 'active')}>
                <option value="active">{t('staff.status.active')}</option>
                <option value="leave">{t('staff.status.leave')}</option>
                <option value="left">{t('staff.status.left')}</option>
              </select>
            </label>
            <label>
              {t('staff.startDate')}
              <input type="date" value={startDate()} onChange={(ev) => setStartDate(ev.currentTarget.value)} />
            </label>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('staff.contract')}</legend>
          <div class="grid">
            <label>
              {t('staff.contractKind')}
              <select
                value={contract().kind}
                onChange={(ev) => setContractField('kind', ev.currentTarget.value as 'full-time')}
              >
                <option value="full-time">{t('staff.fullTime')}</option>
                <option value="part-time">{t('staff.partTime')}</option>
              </select>
            </label>
            <label>
              {t('staff.minWeekHours')}
              <input
                type="number"
                min={0}
                max={80}
                step={0.5}
                value={contract().minWeekHours}
                onInput={(ev) => setContractField('minWeekHours', ev.currentTarget.valueAsNumber || 0)}
              />
            </label>
            <label>
              {t('staff.maxWeekHours')}
              <input
                type="number"
                min={1}
                max={80}
                step={0.5}
                value={contract().maxWeekHours}
                onInput={(ev) => setContractField('maxWeekHours', ev.currentTarget.valueAsNumber || 0)}
              />
            </label>
            <label>
              {t('staff.maxDaysPerWeek')}
              <input
                type="number"
                min={1}
                max={7}
                value={contract().maxDaysPerWeek}
                onInput={(ev) => setContractField('maxDaysPerWeek', Math.round(ev.currentTarget.valueAsNumber || 1))}
              />
            </label>
            <label>
              {t('staff.minRestHours')}
              <input
                type="number"
                min={0}
                max={24}
                step={0.5}
                value={contract().minRestHours}
                onInput={(ev) => setContractField('minRestHours', ev.currentTarget.valueAsNumber || 0)}
              />
            </label>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('staff.skills')}</legend>
          <Show when={e().services.length > 0} fallback={<p class="empty">{t('staff.noServices')}</p>}>
            <div class="grid">
              <For each={e().services}>
                {(s) => (
                  <label>
                    <span lang={dataLang(s.name)}>{s.name}</span>
                    <select
                      value={String(skills()[s.id] ?? 0)}
                      onChange={(ev) => setLevel(s.id, Number(ev.currentTarget.value))}
                    >
                      <option value="0">{t('staff.level.0')}</option>
                      <option value="1">{levelLabel(1)}</option>
                      <option value="2">{levelLabel(2)}</option>
                      <option value="3">{levelLabel(3)}</option>
                    </select>
                  </label>
                )}
              </For>
            </div>
          </Show>
        </fieldset>

        <fieldset>
          <legend>{t('staff.availability')}</legend>
          <AvailabilityEditor value={availability()} onChange={setAvailability} />
        </fieldset>

        <fieldset>
          <legend>{t('staff.account')}</legend>
          <Show
            when={linkable()}
            fallback={
              <p>{e().user ? <span lang={dataLang(e().user?.name)}>{e().user?.name}</span> : t('staff.accountNone')}</p>
            }
          >
            {(users) => (
              <label>
                {t('staff.accountPick')}
                <select value={userId()} onChange={(ev) => setUserId(ev.currentTarget.value)}>
                  <option value="">{t('staff.accountNone')}</option>
                  <For each={users().filter((u) => !u.linkedTo || u.linkedTo.id === e().id)}>
                    {(u) => (
                      <option value={u.id} lang={dataLang(u.name)}>
                        {u.name} ({u.username})
                      </option>
                    )}
                  </For>
                </select>
              </label>
            )}
          </Show>
          <p class="hint">{t('staff.accountHint')}</p>
        </fieldset>

        <div class="actions-row">
          <button type="submit" class="primary" disabled={busy()}>
            {t('staff.save')}
          </button>
          <Show when={message()}>
            {(m) => (
              <span role={m().ok ? 'status' : 'alert'} class={m().ok ? 'ok' : 'error'}>
                {m().say()}
              </span>
            )}
          </Show>
        </div>
      </form>

      <section class="panel" aria-labelledby="pin-title">
        <h2 id="pin-title">{t('staff.pin')}</h2>
        <p>
          {e().pinSet
            ? e().pinSetAt
              ? t('staff.pinSetAt', { at: dateTime(new Date(e().pinSetAt as unknown as string).getTime()) })
              : t('staff.pinSet')
            : t('staff.pinNotSet')}
        </p>
        <Show when={e().status !== 'left'}>
          <PinReset employeeId={e().id} name={e().name} onDone={props.reload} />
        </Show>
      </section>

      <section class="panel" aria-labelledby="move-title">
        <h2 id="move-title">{t('staff.move')}</h2>
        <Show when={e().moves.length > 0}>
          <ul class="plain">
            <For each={e().moves}>
              {(m) => (
                <li>
                  {t(m.applied ? 'staff.moved' : 'staff.movePlanned', {
                    from: m.fromHallName,
                    to: m.toHallName,
                    date: calendarDate(m.effectiveDate),
                  })}
                </li>
              )}
            </For>
          </ul>
        </Show>
        <Show when={e().status !== 'left' && !e().moves.some((m) => !m.applied)}>
          <MoveForm employeeId={e().id} hallId={e().hallId} onDone={props.reload} />
        </Show>
      </section>
    </>
  );
}
