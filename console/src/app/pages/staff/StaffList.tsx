/**
 * 员工 A hall's employees (/halls/:hallId/staff): who works here, their number, role, skills with levels,
 * contract, status and whether their counter PIN is set; filters, search, and a new employee.
 */
import { A, useNavigate, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, errorMessage, type Outputs } from '../../api.ts';
import { count, dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import { Loaded } from '../../components/States.tsx';
import { TableHead } from '../../components/TableHead.tsx';
import { contractSummary, roleLabel, SkillChips, statusLabel, statusTone } from './staff-text.tsx';
import './staff.css';

type List = Outputs['staff']['list'];
const PAGE = 50;

export default function StaffListPage() {
  const params = useParams<{ hallId: string }>();
  const navigate = useNavigate();
  const [q, setQ] = createSignal('');
  const [status, setStatus] = createSignal<'current' | 'active' | 'leave' | 'left' | 'all'>('current');
  const [skill, setSkill] = createSignal('');
  const [offset, setOffset] = createSignal(0);
  const query = () => ({
    hallId: params.hallId,
    ...(q().trim() ? { q: q().trim().slice(0, 40) } : {}),
    ...(status() === 'all'
      ? {}
      : {
          status: (status() === 'current' ? ['active', 'leave'] : [status()]) as Array<'active' | 'leave' | 'left'>,
        }),
    ...(skill() ? { skill: skill() } : {}),
    limit: PAGE,
    offset: offset(),
  });
  const [list, { refetch }] = createResource(query, (input) => api.staff.list.query(input));
  const [adding, setAdding] = createSignal(false);
  const [error, setError] = createSignal<(() => string) | null>(null);

  const add = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    try {
      const { employeeId } = await api.staff.create.mutate({
        hallId: params.hallId,
        staffId: String(form.get('staffId') ?? '').trim(),
        name: String(form.get('name') ?? '').trim(),
        role: String(form.get('role') ?? 'clerk') as 'clerk',
      });
      navigate(`/staff/${employeeId}`);
    } catch (err) {
      setError(() => () => errorMessage(err));
    }
  };

  return (
    <section class="staff-page">
      <Loaded of={list} retry={() => void refetch()} refused="staff.refused" notFound="state.noSuchHall">
        {(l) => (
          <>
            <div class="page-head">
              <div>
                <h1>
                  <span lang={dataLang(l().hallName)}>{l().hallName}</span> · {t('staff.title')}
                </h1>
                <A href={`/halls/${params.hallId}`}>{t('staff.backToHall')}</A>
              </div>
              <button type="button" class="primary" onClick={() => setAdding(!adding())}>
                {t('staff.add')}
              </button>
            </div>
            <Show when={adding()}>
              <form class="staff-add" onSubmit={(e) => void add(e)} aria-label={t('staff.add')}>
                <label>
                  {t('staff.number')}
                  <input
                    name="staffId"
                    required
                    maxLength={64}
                    pattern="[A-Za-z0-9][A-Za-z0-9_\-]*"
                    inputMode="numeric"
                  />
                </label>
                <label>
                  {t('staff.name')}
                  <input name="name" required maxLength={40} />
                </label>
                <label>
                  {t('staff.role')}
                  <select name="role">
                    <option value="clerk">{t('staff.role.clerk')}</option>
                    <option value="lead">{t('staff.role.lead')}</option>
                    <option value="manager">{t('staff.role.manager')}</option>
                  </select>
                </label>
                <button type="submit" class="primary">
                  {t('staff.create')}
                </button>
              </form>
            </Show>
            <Show when={error()}>
              {(say) => (
                <p role="alert" class="error">
                  {say()()}
                </p>
              )}
            </Show>
            <div class="filters">
              <label>
                {t('staff.search')}
                <input
                  type="search"
                  maxLength={40}
                  value={q()}
                  placeholder={t('staff.searchHint')}
                  onChange={(e) => (setOffset(0), setQ(e.currentTarget.value))}
                />
              </label>
              <label>
                {t('staff.status')}
                <select
                  value={status()}
                  onChange={(e) => (setOffset(0), setStatus(e.currentTarget.value as 'current'))}
                >
                  <option value="current">{t('staff.status.current')}</option>
                  <option value="active">{t('staff.status.active')}</option>
                  <option value="leave">{t('staff.status.leave')}</option>
                  <option value="left">{t('staff.status.left')}</option>
                  <option value="all">{t('staff.status.all')}</option>
                </select>
              </label>
              <label>
                {t('staff.skill')}
                <select value={skill()} onChange={(e) => (setOffset(0), setSkill(e.currentTarget.value))}>
                  <option value="">{t('staff.anySkill')}</option>
                  <For each={l().services}>
                    {(s) => (
                      <option value={s.id} lang={dataLang(s.name)}>
                        {s.name}
                      </option>
                    )}
                  </For>
                </select>
              </label>
            </div>
            <StaffTable list={l()} />
            <div class="pager">
              <span>{t('staff.total', { n: count(l().total) })}</span>
              <Show when={l().total > PAGE}>
                <button type="button" disabled={offset() === 0} onClick={() => setOffset(Math.max(0, offset() - PAGE))}>
                  {t('staff.prev')}
                </button>
                <button
                  type="button"
                  disabled={offset() + PAGE >= l().total}
                  onClick={() => setOffset(offset() + PAGE)}
                >
                  {t('staff.next')}
                </button>
              </Show>
            </div>
          </>
        )}
      </Loaded>
    </section>
  );
}

function StaffTable(props: { list: List }) {
  return (
    <Show when={props.list.items.length > 0} fallback={<p class="empty">{t('staff.none')}</p>}>
      <div class="table-wrap">
        <table class="data cards staff-table">
          <TableHead
            columns={[
              'staff.name',
              'staff.number',
              'staff.role',
              'staff.skills',
              'staff.contract',
              'staff.status',
              'staff.pin',
            ]}
          />
          <tbody>
            <For each={props.list.items}>
              {(e) => (
                <tr data-employee={e.staffId}>
                  <th scope="row">
                    <A href={`/staff/${e.id}`} lang={dataLang(e.name)}>
                      {e.name}
                    </A>
                  </th>
                  <td data-label={t('staff.number')} translate="no">
                    {e.staffId}
                  </td>
                  <td data-label={t('staff.role')}>{roleLabel(e.role)}</td>
                  <td data-label={t('staff.skills')}>
                    <SkillChips skills={e.skills} services={props.list.services} />
                  </td>
                  <td data-label={t('staff.contract')}>{contractSummary(e.contract)}</td>
                  <td data-label={t('staff.status')}>
                    <span class={`badge ${statusTone(e.status)}`}>{statusLabel(e.status)}</span>
                  </td>
                  <td data-label={t('staff.pin')}>{e.pinSet ? t('staff.pinSet') : t('staff.pinNotSet')}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}
