/** The audit log of an org unit and everything below it: who did what, when, with before and after. */
import { createResource, createSignal, For, Show } from 'solid-js';
import { api } from '../../api.ts';
import { dateTime } from '../../format.ts';
import { t } from '../../i18n.ts';
import { UnitSelect, type OrgUnit } from './Admin.tsx';
import { TableHead } from '../../components/TableHead.tsx';

export function AuditSection(props: { units: OrgUnit[] }) {
  const [unit, setUnit] = createSignal('');
  const unitId = () => unit() || props.units.find((u) => !props.units.some((p) => p.id === u.parentId))?.id || '';
  const [rows] = createResource(
    () => (unitId() ? { orgUnitId: unitId(), limit: 200 } : null),
    (q) => api.audit.list.query(q),
  );
  const json = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v, null, 1));
  return (
    <div class="admin-section">
      <UnitSelect units={props.units} value={unitId()} onChange={setUnit} label={t('admin.unit')} />
      <div class="table-wrap">
        <table class="data">
          <TableHead columns={['audit.at', 'audit.user', 'audit.action', 'audit.entity', 'audit.details']} />
          <tbody>
            <For
              each={rows.latest ?? []}
              fallback={
                <tr>
                  <td colSpan={5}>{t('audit.none')}</td>
                </tr>
              }
            >
              {(r) => (
                <tr>
                  <td>{dateTime(new Date(r.at).getTime())}</td>
                  <td>{r.username ?? (r.userId ? r.userId : t('audit.system'))}</td>
                  <td>
                    <code>{r.action}</code>
                  </td>
                  <td>
                    {r.entity} {r.entityId}
                  </td>
                  <td>
                    <Show when={r.before !== null || r.after !== null}>
                      <details>
                        <summary>{t('audit.show')}</summary>
                        <Show when={r.before !== null}>
                          <p>{t('audit.before')}</p>
                          <pre>{json(r.before)}</pre>
                        </Show>
                        <Show when={r.after !== null}>
                          <p>{t('audit.after')}</p>
                          <pre>{json(r.after)}</pre>
                        </Show>
                      </details>
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </div>
  );
}
