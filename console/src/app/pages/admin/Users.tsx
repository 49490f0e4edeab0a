/** Users of an org unit (and below): create one, grant a role or a role group over a unit. */
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, errorMessage, type Outputs } from '../../api.ts';
import { t } from '../../i18n.ts';
import { UnitSelect, type OrgUnit } from './Admin.tsx';
import { clockIn, dataLang } from '../../format.ts';
import { ExportButtons } from '../../components/ExportButtons.tsx';
import type { TableColumn } from '../../export/table-spec.ts';
import { Loaded } from '../../components/States.tsx';
import { ROLE_IDS, roleName } from './Roles.tsx';
import { TableHead } from '../../components/TableHead.tsx';

export function UsersSection(props: { units: OrgUnit[] }) {
  const [unit, setUnit] = createSignal('');
  const unitId = () => unit() || props.units.find((u) => !props.units.some((p) => p.id === u.parentId))?.id || '';
  const [users, { refetch }] = createResource(
    () => (unitId() ? { orgUnitId: unitId() } : null),
    (q) => api.users.list.query(q),
  );
  const [groups] = createResource(() => api.roleGroups.list.query().catch(() => []));
  const [message, setMessage] = createSignal<{ ok: boolean; text: string } | null>(null);
  const unitName = (id: string) => props.units.find((u) => u.id === id)?.name ?? id;
  type User = Outputs['users']['list'][number];
  /** The users as the table shows them, for export. */
  const userColumns: Array<TableColumn<User>> = [
    { title: 'admin.username', kind: 'text', value: (u) => u.username },
    { title: 'admin.name', kind: 'text', value: (u) => u.name },
    { title: 'admin.staffId', kind: 'text', value: (u) => u.staffId },
    {
      title: 'admin.grants',
      kind: 'text',
      value: (u) =>
        u.grants.length
          ? u.grants
              .map((g) => `${t('admin.grantAt', { role: roleName(g.role) })}${unitName(g.orgUnitId)}`)
              .join(t('common.listSeparator'))
          : null,
    },
  ];
  const run = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      setMessage({ ok: true, text: ok });
      await refetch();
      return true;
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
      return false;
    }
  };
  const create = async (e: SubmitEvent) => {
    e.preventDefault();
    const formEl = e.currentTarget as HTMLFormElement;
    const f = new FormData(formEl);
    const str = (k: string) => String(f.get(k) ?? '').trim();
    const input = {
      orgUnitId: unitId(),
      username: str('username'),
      name: str('name'),
      ...(str('password') ? { password: str('password') } : {}),
      ...(str('staffId') ? { staffId: str('staffId') } : {}),
    };
    if (await run(() => api.users.create.mutate(input), t('admin.userCreated', { username: input.username })))
      formEl.reset();
  };
  const grant = async (e: SubmitEvent, userId: string) => {
    e.preventDefault();
    const what = String(new FormData(e.currentTarget as HTMLFormElement).get('grant') ?? '');
    if (what.startsWith('group:'))
      await run(
        () => api.roleGroups.grant.mutate({ orgUnitId: unitId(), userId, groupId: what.slice(6) }),
        t('admin.granted'),
      );
    else if (what)
      await run(
        () => api.users.grant.mutate({ orgUnitId: unitId(), userId, role: what as (typeof ROLE_IDS)[number] }),
        t('admin.granted'),
      );
  };
  return (
    <div class="admin-section">
      <UnitSelect units={props.units} value={unitId()} onChange={setUnit} label={t('admin.unit')} />
      <Show when={message()}>
        {(m) => (
          <p role={m().ok ? 'status' : 'alert'} class={m().ok ? 'ok' : 'error'}>
            {m().text}
          </p>
        )}
      </Show>
      <Loaded of={users} retry={() => void refetch()} refused="state.refusedSection">
        {(list) => (
          <>
            <div class="table-head">
              <span />
              <ExportButtons
                title={t('admin.users')}
                before={unitName(unitId())}
                after={clockIn(Intl.DateTimeFormat().resolvedOptions().timeZone).date}
                table={() => ({ columns: userColumns, rows: list() })}
              />
            </div>
            <div class="table-wrap">
              <table class="data cards">
                <TableHead columns={['admin.username', 'admin.name', 'admin.staffId', 'admin.grants', 'admin.grant']} />
                <tbody>
                  <For
                    each={list()}
                    fallback={
                      <tr>
                        <td colSpan={5}>{t('admin.noUsers')}</td>
                      </tr>
                    }
                  >
                    {(u) => (
                      <tr>
                        <th scope="row" translate="no">
                          {u.username}
                        </th>
                        <td data-label={t('admin.name')}>
                          <span lang={dataLang(u.name)}>{u.name}</span>
                        </td>
                        <td data-label={t('admin.staffId')}>{u.staffId ?? '—'}</td>
                        <td data-label={t('admin.grants')}>
                          <For each={u.grants} fallback="—">
                            {(g, i) => (
                              <>
                                {i() > 0 ? t('common.listSeparator') : ''}
                                {t('admin.grantAt', { role: roleName(g.role) })}
                                <span lang={dataLang(unitName(g.orgUnitId))}>{unitName(g.orgUnitId)}</span>
                              </>
                            )}
                          </For>
                        </td>
                        <td class="actions">
                          <form class="inline" onSubmit={(e) => void grant(e, u.id)}>
                            <select name="grant" aria-label={t('admin.grantTo', { user: u.username })}>
                              <For each={ROLE_IDS}>{(r) => <option value={r}>{roleName(r)}</option>}</For>
                              <For each={groups() ?? []}>
                                {(g) => (
                                  <option value={`group:${g.id}`} lang={dataLang(g.name)}>
                                    {t('admin.groupOption', { name: g.name })}
                                  </option>
                                )}
                              </For>
                            </select>
                            <button type="submit">{t('admin.grant')}</button>
                          </form>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </>
        )}
      </Loaded>
      <h2>{t('admin.newUser')}</h2>
      <form class="grid-form" onSubmit={(e) => void create(e)}>
        <label>
          {t('admin.username')}
          <input name="username" required autocomplete="off" />
        </label>
        <label>
          {t('admin.name')}
          <input name="name" required />
        </label>
        <label>
          {t('admin.initialPassword')}
          <input name="password" type="password" autocomplete="new-password" />
        </label>
        <label>
          {t('admin.staffId')}
          <input name="staffId" />
        </label>
        <button type="submit" class="primary">
          {t('admin.create')}
        </button>
      </form>
      <p class="muted">{t('admin.passwordPolicy')}</p>
    </div>
  );
}
