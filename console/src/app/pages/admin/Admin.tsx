/**
 * Administration: users and grants, roles and role groups, devices, alert rules, the audit log; and, for
 * administrators, 系统维护 (the platform's jobs), whose sections load on first visit.
 */
import { A, useParams } from '@solidjs/router';
import { createResource, For, lazy, Match, Show, Switch } from 'solid-js';
import { api } from '../../api.ts';
import { Loaded, NotFound, Refused } from '../../components/States.tsx';
import { dataLang } from '../../format.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import { can, session } from '../../session.ts';
import { ADMIN_ROLES } from '../../Shell.tsx';
import { AlertRulesSection } from './AlertRules.tsx';
import { AuditSection } from './Audit.tsx';
import { DevicesSection } from './Devices.tsx';
import { RolesSection } from './Roles.tsx';
import { UsersSection } from './Users.tsx';

const SECTIONS: Array<{ id: string; label: ConsoleKey }> = [
  { id: 'users', label: 'admin.users' },
  { id: 'roles', label: 'admin.roles' },
  { id: 'devices', label: 'admin.devices' },
  { id: 'alert-rules', label: 'admin.alertRules' },
  { id: 'audit', label: 'admin.audit' },
];
/** 系统维护: the platform's own sections, for administrators (module `system`). */
const SYSTEM_SECTIONS: Array<{ id: string; label: ConsoleKey }> = [{ id: 'jobs', label: 'admin.jobs' }];
const JobsSection = lazy(() => import('./Jobs.tsx'));

export type OrgUnit = { id: string; parentId: string | null; kind: string; name: string; hallId: string | null };

export default function AdminPage() {
  const params = useParams<{ section?: string }>();
  const section = () => params.section ?? 'users';
  const { me } = session();
  const [units, { refetch }] = createResource(() => api.org.tree.query() as Promise<OrgUnit[]>);
  return (
    <section>
      <h1>{t('admin.title')}</h1>
      <Show when={can(me(), ADMIN_ROLES)} fallback={<Refused what="state.refusedAdmin" />}>
        <nav class="subnav" aria-label={t('admin.title')}>
          <For each={SECTIONS}>
            {(s) => (
              <A href={`/admin/${s.id}`} aria-current={section() === s.id ? 'page' : undefined}>
                {t(s.label)}
              </A>
            )}
          </For>
          <Show when={can(me(), ['administrator'])}>
            <span class="subnav-group">{t('admin.systemGroup')}</span>
            <For each={SYSTEM_SECTIONS}>
              {(s) => (
                <A href={`/admin/${s.id}`} aria-current={section() === s.id ? 'page' : undefined}>
                  {t(s.label)}
                </A>
              )}
            </For>
          </Show>
        </nav>
        <Loaded of={units} retry={() => void refetch()} refused="state.refusedAdmin">
          {(list) => (
            <Switch fallback={<NotFound what="state.noSuchPage" />}>
              <Match when={section() === 'users'}>
                <UsersSection units={list()} />
              </Match>
              <Match when={section() === 'roles'}>
                <RolesSection />
              </Match>
              <Match when={section() === 'devices'}>
                <DevicesSection units={list()} />
              </Match>
              <Match when={section() === 'alert-rules'}>
                <AlertRulesSection units={list()} />
              </Match>
              <Match when={section() === 'audit'}>
                <AuditSection units={list()} />
              </Match>
              <Match when={section() === 'jobs'}>
                <Show when={can(me(), ['administrator'])} fallback={<Refused what="state.refusedSection" />}>
                  <JobsSection units={list()} />
                </Show>
              </Match>
            </Switch>
          )}
        </Loaded>
      </Show>
    </section>
  );
}

/** A select of org units (or only halls), indented by depth. */
export function UnitSelect(props: {
  units: OrgUnit[];
  value: string;
  onChange: (id: string) => void;
  hallsOnly?: boolean;
  label: string;
}) {
  const depth = (u: OrgUnit): number => {
    const parent = props.units.find((p) => p.id === u.parentId);
    return parent ? depth(parent) + 1 : 0;
  };
  const ordered = () => {
    const out: OrgUnit[] = [];
    const walk = (parentId: string | null) => {
      for (const u of props.units.filter((x) => x.parentId === parentId).sort((a, b) => a.name.localeCompare(b.name))) {
        out.push(u);
        walk(u.id);
      }
    };
    // Roots are the units whose parent this user cannot see.
    for (const root of props.units.filter((u) => !props.units.some((p) => p.id === u.parentId))) {
      out.push(root);
      walk(root.id);
    }
    return props.hallsOnly ? out.filter((u) => u.hallId) : out;
  };
  return (
    <label>
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="" disabled selected={!props.value}>
          {t('admin.choose')}
        </option>
        <For each={ordered()}>
          {(u) => (
            <option
              value={props.hallsOnly ? (u.hallId as string) : u.id}
              selected={(props.hallsOnly ? u.hallId : u.id) === props.value}
              lang={dataLang(u.name)}
            >{`${'\u3000'.repeat(props.hallsOnly ? 0 : depth(u))}${u.name}`}</option>
          )}
        </For>
      </select>
    </label>
  );
}
