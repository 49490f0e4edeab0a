/**
 * The audit log of an org unit and everything below it: when (in the hall's time, with its zone where
 * entries of several zones meet), who by name, what in words, on what by name, and what changed in a
 * sentence; the record itself, literally, on demand.
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, type Outputs } from '../../api.ts';
import { clockIn, dataLang, dateTime, severalZones } from '../../format.ts';
import { ExportButtons } from '../../components/ExportButtons.tsx';
import type { TableColumn } from '../../export/table-spec.ts';
import { t } from '../../i18n.ts';
import { UnitSelect, type OrgUnit } from './Admin.tsx';
import { Loaded } from '../../components/States.tsx';
import { TableHead } from '../../components/TableHead.tsx';
import { actionName, auditSummary } from './audit-text.ts';

type Entry = Outputs['audit']['list'][number];

const json = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v, null, 1));

/** The entity an entry is about: its name where it has one, else its id (a device's, an alarm's). */
function Target(props: { entry: Entry }) {
  return (
    <Show when={props.entry.entityName} fallback={<span translate="no">{props.entry.entityId}</span>}>
      {(name) => <span lang={dataLang(name())}>{name()}</span>}
    </Show>
  );
}

export function AuditTable(props: { entries: Entry[] }) {
  const withZone = () => severalZones(props.entries.map((e) => e.timeZone));
  return (
    <div class="table-wrap">
      <table class="data cards audit">
        <TableHead columns={['audit.at', 'audit.user', 'audit.action', 'audit.entity', 'audit.details']} />
        <tbody>
          <For
            each={props.entries}
            fallback={
              <tr>
                <td colSpan={5}>{t('audit.none')}</td>
              </tr>
            }
          >
            {(r) => (
              <tr data-audit={r.action}>
                <td data-label={t('audit.at')}>
                  {dateTime(new Date(r.at).getTime(), { timeZone: r.timeZone, withZone: withZone() })}
                </td>
                <td data-label={t('audit.user')}>
                  <Show when={r.userName ?? r.username} fallback={t('audit.system')}>
                    {(who) => <span lang={dataLang(who())}>{who()}</span>}
                  </Show>
                </td>
                <th scope="row">{actionName(r.action)}</th>
                <td data-label={t('audit.entity')}>
                  <Target entry={r} />
                </td>
                <td data-label={t('audit.details')}>
                  {auditSummary(r.action, r.before, r.after)}
                  <Show when={r.before !== null || r.after !== null}>
                    <details>
                      <summary>{t('audit.show')}</summary>
                      <Show when={r.before !== null}>
                        <p>{t('audit.before')}</p>
                        <pre translate="no">{json(r.before)}</pre>
                      </Show>
                      <Show when={r.after !== null}>
                        <p>{t('audit.after')}</p>
                        <pre translate="no">{json(r.after)}</pre>
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
  );
}

/** The audit rows as the table shows them (the summary, not the raw before/after), for export. */
function auditColumns(entries: Entry[]): Array<TableColumn<Entry>> {
  const withZone = severalZones(entries.map((e) => e.timeZone));
  return [
    {
      title: 'audit.at',
      kind: 'text',
      value: (r) => dateTime(new Date(r.at).getTime(), { timeZone: r.timeZone, withZone }),
    },
    { title: 'audit.user', kind: 'text', value: (r) => r.userName ?? r.username ?? t('audit.system') },
    { title: 'audit.action', kind: 'text', value: (r) => actionName(r.action) },
    { title: 'audit.entity', kind: 'text', value: (r) => r.entityName ?? r.entityId },
    { title: 'audit.details', kind: 'text', value: (r) => auditSummary(r.action, r.before, r.after) },
  ];
}

export function AuditSection(props: { units: OrgUnit[] }) {
  const [unit, setUnit] = createSignal('');
  const unitId = () => unit() || props.units.find((u) => !props.units.some((p) => p.id === u.parentId))?.id || '';
  const [rows, { refetch }] = createResource(
    () => (unitId() ? { orgUnitId: unitId(), limit: 200 } : null),
    (q) => api.audit.list.query(q),
  );
  return (
    <div class="admin-section">
      <UnitSelect units={props.units} value={unitId()} onChange={setUnit} label={t('admin.unit')} />
      <Loaded of={rows} retry={() => void refetch()} refused="state.refusedSection">
        {(list) => (
          <>
            <div class="table-head">
              <span />
              <ExportButtons
                title={t('admin.audit')}
                before={props.units.find((u) => u.id === unitId())?.name ?? ''}
                after={clockIn(Intl.DateTimeFormat().resolvedOptions().timeZone).date}
                table={() => ({ columns: auditColumns(list()), rows: list() })}
              />
            </div>
            <AuditTable entries={list()} />
          </>
        )}
      </Loaded>
    </div>
  );
}
