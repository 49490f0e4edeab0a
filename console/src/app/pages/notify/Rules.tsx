/**
 * Routing rules: alarms of the halls under a unit (inherited down the tree), of one rule or all, from a
 * severity up, to the hall's managers and/or region managers through chosen channels; quiet hours hold
 * non-critical alarms; reminders while unacknowledged; escalation to region managers, then HQ.
 */
import { ALARM_RULES } from '@hall/devices/alarm-text';
import { createResource, For } from 'solid-js';
import { api, type Outputs } from '../../api.ts';
import { createNotices, Notices } from '../../components/Notices.tsx';
import { Loaded } from '../../components/States.tsx';
import { TableHead } from '../../components/TableHead.tsx';
import { dataLang, duration } from '../../format.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import { SEVERITIES, severityName } from './Notifications.tsx';

type Rule = Outputs['notify']['rules']['list'][number];
const ROLES = ['hall_manager', 'region_manager'] as const;

export function RulesSection() {
  const [rules, { refetch }] = createResource(() => api.notify.rules.list.query());
  const [units] = createResource(() => api.notify.profile.units.query());
  const [channels] = createResource(() => api.notify.channels.options.query());
  const notices = createNotices();
  const unitName = (id: string) => units()?.find((u) => u.id === id)?.name ?? id;
  const channelName = (id: string) => channels()?.find((c) => c.id === id)?.name ?? id;
  const fail = (err: unknown) => notices.fail(err);
  const create = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const f = new FormData(form);
    const num = (k: string) => {
      const v = Number(String(f.get(k) ?? '').trim());
      return Number.isFinite(v) && v > 0 ? Math.round(v * 60) : null;
    };
    const from = String(f.get('quietFrom') ?? '');
    const to = String(f.get('quietTo') ?? '');
    const region = num('escalateRegion');
    const hq = num('escalateHq');
    const repeat = num('repeat');
    try {
      await api.notify.rules.create.mutate({
        orgUnitId: String(f.get('orgUnitId') ?? ''),
        alarmRule: String(f.get('alarmRule') ?? '') || null,
        minSeverity: String(f.get('minSeverity')) as Rule['minSeverity'],
        recipients: f.getAll('role').map((r) => ({ kind: 'role' as const, id: String(r) })),
        channels: f.getAll('channel').map(String),
        quietHours: from && to ? { from, to } : null,
        repeatSeconds: repeat,
        escalation: [
          ...(region ? [{ afterSeconds: region, to: 'region-managers' as const }] : []),
          ...(hq ? [{ afterSeconds: hq, to: 'hq-managers' as const }] : []),
        ],
        enabled: true,
      });
      notices.ok('notify.saved');
      form.reset();
      await refetch();
    } catch (err) {
      fail(err);
    }
  };
  const remove = async (r: Rule) => {
    if (!window.confirm(t('notify.deleteRuleConfirm'))) return;
    try {
      await api.notify.rules.delete.mutate({ id: r.id, orgUnitId: r.orgUnitId });
      await refetch();
    } catch (err) {
      fail(err);
    }
  };
  const ruleName = (r: string | null) => (r ? t(`rule.${r}` as ConsoleKey) : t('notify.anyRule'));
  return (
    <div class="admin-section">
      <Notices of={notices} />
      <Loaded of={rules} retry={() => void refetch()} refused="state.refusedNotify">
        {(list) => (
          <div class="table-wrap">
            <table class="data cards">
              <TableHead
                columns={[
                  'notify.ruleUnit',
                  'notify.alarmRule',
                  'notify.minSeverity',
                  'notify.recipients',
                  'notify.channel',
                  'notify.quietHours',
                  'notify.escalation',
                  { key: 'notify.actions', hidden: true },
                ]}
              />
              <tbody>
                <For
                  each={list()}
                  fallback={
                    <tr>
                      <td colSpan={8}>{t('notify.noRules')}</td>
                    </tr>
                  }
                >
                  {(r) => (
                    <tr data-rule={r.id}>
                      <th scope="row" lang={dataLang(unitName(r.orgUnitId))}>
                        {unitName(r.orgUnitId)}
                      </th>
                      <td data-label={t('notify.alarmRule')}>{ruleName(r.alarmRule)}</td>
                      <td data-label={t('notify.minSeverity')}>
                        {t('notify.sevFrom', { severity: severityName(r.minSeverity) })}
                      </td>
                      <td data-label={t('notify.recipients')}>
                        <For each={r.recipients}>
                          {(x, i) => (
                            <>
                              {i() > 0 ? '、' : ''}
                              {x.kind === 'role' ? (
                                t(`notify.role.${x.id}` as ConsoleKey)
                              ) : (
                                <span lang={dataLang('name' in x ? x.name : null)}>
                                  {('name' in x ? x.name : null) ?? t('notify.removedUser')}
                                </span>
                              )}
                            </>
                          )}
                        </For>
                      </td>
                      <td data-label={t('notify.channel')}>
                        <For each={r.channels}>
                          {(c, i) => (
                            <>
                              {i() > 0 ? '、' : ''}
                              <span lang={dataLang(channelName(c))}>{channelName(c)}</span>
                            </>
                          )}
                        </For>
                      </td>
                      <td data-label={t('notify.quietHours')}>
                        {r.quietHours ? `${r.quietHours.from}–${r.quietHours.to}` : '—'}
                      </td>
                      <td data-label={t('notify.escalation')}>
                        {r.escalation.length
                          ? r.escalation
                              .map((s) =>
                                t('notify.escalationStep', {
                                  minutes: duration(s.afterSeconds / 60),
                                  to: t(`notify.to.${s.to}`),
                                }),
                              )

                              .join(t('notify.listSep'))
                          : '—'}
                      </td>
                      <td class="actions">
                        <button
                          type="button"
                          class="danger"
                          aria-label={t('notify.deleteRule', { id: r.id })}
                          onClick={() => void remove(r)}
                        >
                          {t('notify.remove')}
                        </button>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
      <h2>{t('notify.newRule')}</h2>
      <form class="grid-form" onSubmit={(e) => void create(e)}>
        <label>
          {t('notify.ruleUnit')}
          <select name="orgUnitId" required>
            <For each={units() ?? []}>
              {(u) => (
                <option value={u.id} lang={dataLang(u.name)}>
                  {u.name}
                </option>
              )}
            </For>
          </select>
        </label>
        <label>
          {t('notify.alarmRule')}
          <select name="alarmRule">
            <option value="">{t('notify.anyRule')}</option>
            <For each={ALARM_RULES}>{(r) => <option value={r}>{t(`rule.${r}`)}</option>}</For>
          </select>
        </label>
        <label>
          {t('notify.minSeverity')}
          <select name="minSeverity">
            <For each={SEVERITIES}>
              {(s) => (
                <option value={s} selected={s === 'major'}>
                  {t('notify.sevFrom', { severity: severityName(s) })}
                </option>
              )}
            </For>
          </select>
        </label>
        <fieldset>
          <legend>{t('notify.recipients')}</legend>
          <For each={ROLES}>
            {(r) => (
              <label class="check">
                <input type="checkbox" name="role" value={r} checked={r === 'hall_manager'} />
                {t(`notify.role.${r}`)}
              </label>
            )}
          </For>
        </fieldset>
        <fieldset>
          <legend>{t('notify.channel')}</legend>
          <For each={channels() ?? []} fallback={<p class="muted">{t('notify.noChannels')}</p>}>
            {(c) => (
              <label class="check">
                <input type="checkbox" name="channel" value={c.id} />
                <span lang={dataLang(c.name)}>{c.name}</span>
              </label>
            )}
          </For>
        </fieldset>
        <label>
          {t('notify.quietFrom')}
          <input name="quietFrom" type="time" />
        </label>
        <label>
          {t('notify.quietTo')}
          <input name="quietTo" type="time" />
        </label>
        <label>
          {t('notify.repeat')}
          <input name="repeat" type="number" min="1" max="10080" inputMode="numeric" />
        </label>
        <label>
          {t('notify.escalateRegion')}
          <input name="escalateRegion" type="number" min="1" max="10080" inputMode="numeric" />
        </label>
        <label>
          {t('notify.escalateHq')}
          <input name="escalateHq" type="number" min="1" max="10080" inputMode="numeric" />
        </label>
        <button type="submit" class="primary">
          {t('notify.createRule')}
        </button>
      </form>
      <p class="muted">{t('notify.quietNote')}</p>
    </div>
  );
}
