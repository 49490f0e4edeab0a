/**
 * My contact details (e-mail, mobile, language) and subscriptions (which units' halls, from which
 * severity, by e-mail and/or SMS), and the messages sent to me. An administrator of users sees everyone's
 * details below and edits a person's with `?user=ID`.
 */
import { A, useSearchParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, type Outputs } from '../../api.ts';
import { createNotices, Notices } from '../../components/Notices.tsx';
import { Loaded } from '../../components/States.tsx';
import { TableHead } from '../../components/TableHead.tsx';
import { dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import { can, session } from '../../session.ts';
import { MessagesTable } from './DeliveryLog.tsx';
import { SEVERITIES, severityName } from './Notifications.tsx';

type Profile = Outputs['notify']['profile']['get'];
type Sub = Profile['subscriptions'][number];

function ProfileForm(props: { profile: Profile; units: Outputs['notify']['profile']['units']; onSaved: () => void }) {
  const [subs, setSubs] = createSignal<Sub[]>(props.profile.subscriptions.map((s) => ({ ...s })));
  const notices = createNotices();
  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const text = (k: string) => String(f.get(k) ?? '').trim() || null;
    try {
      await api.notify.profile.save.mutate({
        userId: props.profile.userId,
        email: text('email'),
        mobile: text('mobile')?.replace(/[\s-]/g, '') ?? null,
        language: f.get('language') === 'en' ? 'en' : 'zh-CN',
        subscriptions: subs(),
      });
      notices.ok('notify.saved');
      props.onSaved();
    } catch (err) {
      notices.fail(err);
    }
  };
  const add = () => {
    const first = props.units[0];
    if (first)
      setSubs([
        ...subs(),
        { orgUnitId: first.id, minSeverity: 'major', channels: ['email'], dailyReport: false, kpiReport: false },
      ]);
  };
  const update = (i: number, patch: Partial<Sub>) => setSubs(subs().map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const toggle = (i: number, c: 'email' | 'sms', on: boolean) => {
    const s = subs()[i];
    if (!s) return;
    const next = on ? [...new Set([...s.channels, c])] : s.channels.filter((x) => x !== c);
    if (next.length) update(i, { channels: next });
  };
  return (
    <form class="notify-form" onSubmit={(e) => void save(e)}>
      <fieldset class="grid-form">
        <legend>{t('notify.contact')}</legend>
        <label>
          {t('notify.email')}
          <input name="email" type="email" autocomplete="email" maxLength={254} value={props.profile.email ?? ''} />
        </label>
        <label>
          {t('notify.mobile')}
          <input name="mobile" type="tel" autocomplete="tel" maxLength={20} value={props.profile.mobile ?? ''} />
        </label>
        <label>
          {t('notify.language')}
          <select name="language">
            <option value="zh-CN" lang="zh-CN" selected={props.profile.language === 'zh-CN'}>
              {t('notify.lang.zh-CN')}
            </option>
            <option value="en" lang="en" selected={props.profile.language === 'en'}>
              {t('notify.lang.en')}
            </option>
          </select>
        </label>
      </fieldset>
      <h2>{t('notify.subscriptions')}</h2>
      <p class="muted">{t('notify.subscriptionsNote')}</p>
      <Show when={props.units.length > 0} fallback={<p>{t('notify.noUnits')}</p>}>
        <div class="table-wrap">
          <table class="data cards">
            <TableHead
              columns={[
                'notify.unit',
                'notify.minSeverity',
                'notify.via',
                'notify.dailyReport',
                { key: 'notify.actions', hidden: true },
              ]}
            />
            <tbody>
              <For
                each={subs()}
                fallback={
                  <tr>
                    <td colSpan={5}>{t('notify.noSubscriptions')}</td>
                  </tr>
                }
              >
                {(s, i) => (
                  <tr>
                    <td data-label={t('notify.unit')}>
                      <select
                        aria-label={t('notify.unit')}
                        onChange={(e) => update(i(), { orgUnitId: e.currentTarget.value })}
                      >
                        <For each={props.units}>
                          {(u) => (
                            <option value={u.id} selected={u.id === s.orgUnitId} lang={dataLang(u.name)}>
                              {u.name}
                            </option>
                          )}
                        </For>
                      </select>
                    </td>
                    <td data-label={t('notify.minSeverity')}>
                      <select
                        aria-label={t('notify.minSeverity')}
                        onChange={(e) => update(i(), { minSeverity: e.currentTarget.value as Sub['minSeverity'] })}
                      >
                        <For each={SEVERITIES}>
                          {(sev) => (
                            <option value={sev} selected={sev === s.minSeverity}>
                              {t('notify.sevFrom', { severity: severityName(sev) })}
                            </option>
                          )}
                        </For>
                      </select>
                    </td>
                    <td data-label={t('notify.via')}>
                      <For each={['email', 'sms'] as const}>
                        {(c) => (
                          <label class="check">
                            <input
                              type="checkbox"
                              checked={s.channels.includes(c)}
                              onChange={(e) => toggle(i(), c, e.currentTarget.checked)}
                            />
                            {t(`notify.via.${c}`)}
                          </label>
                        )}
                      </For>
                    </td>
                    <td data-label={t('notify.dailyReport')}>
                      <label class="check">
                        <input
                          type="checkbox"
                          checked={s.dailyReport ?? false}
                          onChange={(e) => update(i(), { dailyReport: e.currentTarget.checked })}
                        />
                        {t('notify.dailyReportByMail')}
                      </label>
                      <label class="check">
                        <input
                          type="checkbox"
                          data-kpi-report
                          checked={s.kpiReport ?? false}
                          onChange={(e) => update(i(), { kpiReport: e.currentTarget.checked })}
                        />
                        {t('kpiReport.subscribe')}
                      </label>
                    </td>
                    <td class="actions">
                      <button
                        type="button"
                        aria-label={t('notify.removeSubscription', { n: i() + 1 })}
                        onClick={() => setSubs(subs().filter((_, j) => j !== i()))}
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
        <p>
          <button type="button" onClick={add}>
            {t('notify.addSubscription')}
          </button>
        </p>
      </Show>
      <Notices of={notices} />
      <button type="submit" class="primary">
        {t('notify.save')}
      </button>
    </form>
  );
}

export function MySection() {
  const { me } = session();
  const [params] = useSearchParams<{ user?: string }>();
  const userId = () => params.user ?? me()?.id ?? '';
  const [profile, { refetch }] = createResource(
    () => (userId() ? { userId: userId() } : null),
    (q) => api.notify.profile.get.query(q),
  );
  const [units] = createResource(() => api.notify.profile.units.query());
  const [mine, { refetch: refetchMine }] = createResource(() => api.notify.log.list.query({ mine: true, limit: 20 }));
  const admin = () => can(me(), ['administrator']);
  const [people] = createResource(
    () => (admin() ? true : null),
    () => api.notify.profile.list.query(),
  );
  return (
    <div class="admin-section">
      <Show when={params.user && params.user !== me()?.id}>
        <p>
          <A href="/notifications/me">{t('notify.backToMine')}</A>
        </p>
      </Show>
      <Loaded of={profile} retry={() => void refetch()} refused="state.refusedNotify">
        {(p) => (
          <>
            <Show when={p().userId !== me()?.id}>
              <p class="muted">{t('notify.editFor', { name: p().name })}</p>
            </Show>
            <Show when={units()} keyed>
              {(u) => <ProfileForm profile={p()} units={u} onSaved={() => void refetch()} />}
            </Show>
          </>
        )}
      </Loaded>
      <Show when={!params.user || params.user === me()?.id}>
        <h2>{t('notify.myMessages')}</h2>
        <Loaded of={mine} retry={() => void refetchMine()}>
          {(list) => <MessagesTable messages={list()} />}
        </Loaded>
      </Show>
      <Show when={admin() && people()}>
        {(list) => (
          <>
            <h2>{t('notify.people')}</h2>
            <div class="table-wrap">
              <table class="data cards">
                <TableHead
                  columns={[
                    'admin.name',
                    'notify.email',
                    'notify.mobile',
                    'notify.subscriptions',
                    { key: 'notify.actions', hidden: true },
                  ]}
                />
                <tbody>
                  <For each={list()}>
                    {(p) => (
                      <tr>
                        <th scope="row" lang={dataLang(p.name)}>
                          {p.name}
                        </th>
                        <td data-label={t('notify.email')} translate="no">
                          {p.email ?? '—'}
                        </td>
                        <td data-label={t('notify.mobile')} translate="no">
                          {p.mobile ?? '—'}
                        </td>
                        <td data-label={t('notify.subscriptions')} class="num">
                          {p.subscriptions.length}
                        </td>
                        <td class="actions">
                          <A href={`/notifications/me?user=${encodeURIComponent(p.userId)}`}>{t('notify.edit')}</A>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </>
        )}
      </Show>
    </div>
  );
}
