/** The permission matrix (what each role may view or edit per module) and the role groups. */
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, errorMessage } from '../../api.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import { dataLang } from '../../format.ts';
import { Loaded } from '../../components/States.tsx';

export const ROLE_IDS = ['administrator', 'region_manager', 'hall_manager', 'staff', 'trainer', 'logistics'] as const;
export const roleName = (role: string) =>
  (ROLE_IDS as readonly string[]).includes(role) ? t(`role.${role}` as ConsoleKey) : role;
const moduleName = (m: string) => t(`module.${m}` as ConsoleKey);

export function RolesSection() {
  const [matrix, matrixActions] = createResource(() => api.roles.matrix.query());
  const [groups, { refetch }] = createResource(() => api.roleGroups.list.query());
  const [message, setMessage] = createSignal<{ ok: boolean; text: string } | null>(null);
  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    const formEl = e.currentTarget as HTMLFormElement;
    const f = new FormData(formEl);
    const roles = f.getAll('roles').map(String) as Array<(typeof ROLE_IDS)[number]>;
    try {
      await api.roleGroups.put.mutate({
        id: String(f.get('id') ?? '').trim(),
        name: String(f.get('name') ?? '').trim(),
        roles,
      });
      setMessage({ ok: true, text: t('admin.saved') });
      formEl.reset();
      await refetch();
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    }
  };
  return (
    <div class="admin-section">
      <h2>{t('admin.matrix')}</h2>
      <Loaded of={matrix} retry={() => void matrixActions.refetch()} refused="state.refusedSection">
        {(m) => (
          <div class="table-wrap">
            <table class="data matrix">
              <thead>
                <tr>
                  <th scope="col">{t('admin.role')}</th>
                  <For each={m().modules}>{(mod) => <th scope="col">{moduleName(mod)}</th>}</For>
                </tr>
              </thead>
              <tbody>
                <For each={m().roles}>
                  {(r) => (
                    <tr>
                      <th scope="row">{roleName(r.role)}</th>
                      <For each={m().modules}>
                        {(mod) => {
                          const level = (r.permissions as Record<string, string | undefined>)[mod];
                          return (
                            <td class={`perm-${level ?? 'none'}`}>
                              {level === 'edit' ? t('admin.edit') : level === 'view' ? t('admin.view') : '—'}
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
        )}
      </Loaded>
      <p class="muted">{t('admin.scopeNote')}</p>
      <h2>{t('admin.roleGroups')}</h2>
      <Loaded of={groups} retry={() => void refetch()} refused="state.refusedSection">
        {(list) => (
          <ul class="plain">
            <For each={list()} fallback={<li>{t('admin.noGroups')}</li>}>
              {(g) => (
                <li>
                  <strong lang={dataLang(g.name)}>{g.name}</strong> (<span translate="no">{g.id}</span>)
                  {t('common.colon')}
                  {g.roles.map(roleName).join(t('common.listSeparator'))}
                </li>
              )}
            </For>
          </ul>
        )}
      </Loaded>
      <Show when={message()}>
        {(msg) => (
          <p role={msg().ok ? 'status' : 'alert'} class={msg().ok ? 'ok' : 'error'}>
            {msg().text}
          </p>
        )}
      </Show>
      <form class="grid-form" onSubmit={(e) => void save(e)}>
        <label>
          {t('admin.groupId')}
          <input name="id" required />
        </label>
        <label>
          {t('admin.groupName')}
          <input name="name" required />
        </label>
        <fieldset>
          <legend>{t('admin.roles')}</legend>
          <For each={ROLE_IDS}>
            {(r) => (
              <label class="check">
                <input type="checkbox" name="roles" value={r} />
                {roleName(r)}
              </label>
            )}
          </For>
        </fieldset>
        <button type="submit" class="primary">
          {t('admin.saveGroup')}
        </button>
      </form>
    </div>
  );
}
