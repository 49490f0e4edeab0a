/**
 * The delivery log: every message with its status per recipient, filtered by status, channel and alarm;
 * a failed one says why in words and can be sent again (administrators).
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, type Outputs } from '../../api.ts';
import { createNotices, Notices } from '../../components/Notices.tsx';
import { Loaded } from '../../components/States.tsx';
import { TableHead } from '../../components/TableHead.tsx';
import { dataLang, dateTime } from '../../format.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import { can, session } from '../../session.ts';

type Message = Outputs['notify']['log']['list'][number];
const STATUSES = ['pending', 'sending', 'unconfirmed', 'sent', 'delivered', 'failed'] as const;

const statusClass: Record<string, string> = {
  delivered: 'badge ok',
  sent: 'badge ok',
  failed: 'badge critical',
  pending: 'badge warning',
  unconfirmed: 'badge warning',
  sending: 'badge',
};

export function MessagesTable(props: { messages: Message[]; onResend?: (id: number) => void }) {
  return (
    <div class="table-wrap">
      <table class="data cards notify-log">
        <TableHead
          columns={[
            'notify.when',
            'notify.hall',
            'notify.event',
            'notify.recipient',
            'notify.channel',
            'notify.status',
            { key: 'notify.attempts', num: true },
            { key: 'notify.actions', hidden: true },
          ]}
        />
        <tbody>
          <For
            each={props.messages}
            fallback={
              <tr>
                <td colSpan={8}>{t('notify.noMessages')}</td>
              </tr>
            }
          >
            {(m) => (
              <tr data-message={m.id} data-status={m.status}>
                <th scope="row">{dateTime(m.createdAt)}</th>
                <td data-label={t('notify.hall')} lang={dataLang(m.hallName)}>
                  {m.hallName ?? '—'}
                </td>
                <td data-label={t('notify.event')}>{t(`notify.event.${m.event}` as ConsoleKey)}</td>
                <td data-label={t('notify.recipient')} translate="no">
                  {m.recipient === '-' ? '—' : m.recipient}
                </td>
                <td data-label={t('notify.channel')} lang={dataLang(m.channelName)}>
                  {m.channelName}
                </td>
                <td data-label={t('notify.status')} class="status-cell">
                  <span class={statusClass[m.status] ?? 'badge'}>{t(`notify.status.${m.status}` as ConsoleKey)}</span>
                  <Show when={m.lastErrorCode}>
                    {(code) => <span class="why">{t(`notify.error.${code()}` as ConsoleKey)}</span>}
                  </Show>
                  <Show when={m.status === 'pending' || m.status === 'unconfirmed'}>
                    <span class="muted">{t('notify.nextAttempt', { time: dateTime(m.nextAttemptAt) })}</span>
                  </Show>
                </td>
                <td data-label={t('notify.attempts')} class="num">
                  {m.attempts}
                </td>
                <td class="actions">
                  <Show when={props.onResend && m.status === 'failed' && m.recipient !== '-'}>
                    <button
                      type="button"
                      aria-label={t('notify.resendOne', { id: m.id })}
                      onClick={() => props.onResend?.(m.id)}
                    >
                      {t('notify.resend')}
                    </button>
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

export function DeliveryLogSection() {
  const { me } = session();
  const admin = () => can(me(), ['administrator']);
  const [filter, setFilter] = createSignal<{
    status?: (typeof STATUSES)[number];
    channelId?: string;
    alarmId?: string;
  }>({});
  const [messages, { refetch }] = createResource(filter, (f) => api.notify.log.list.query({ ...f, limit: 100 }));
  const [channels] = createResource(
    () => (can(me(), ['administrator', 'region_manager', 'hall_manager']) ? true : null),
    () => api.notify.channels.options.query(),
  );
  const notices = createNotices();
  const apply = (e: SubmitEvent) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const v = (k: string) => String(f.get(k) ?? '').trim() || undefined;
    const status = v('status') as (typeof STATUSES)[number] | undefined;
    const channelId = v('channelId');
    const alarmId = v('alarmId');
    setFilter({ ...(status ? { status } : {}), ...(channelId ? { channelId } : {}), ...(alarmId ? { alarmId } : {}) });
  };
  const resend = async (id: number) => {
    try {
      await api.notify.log.resend.mutate({ id });
      notices.ok('notify.resent');
      await refetch();
    } catch (err) {
      notices.fail(err);
    }
  };
  return (
    <div class="admin-section">
      <form class="grid-form" onSubmit={apply}>
        <label>
          {t('notify.status')}
          <select name="status">
            <option value="">{t('notify.allStatuses')}</option>
            <For each={STATUSES}>{(s) => <option value={s}>{t(`notify.status.${s}`)}</option>}</For>
          </select>
        </label>
        <label>
          {t('notify.channel')}
          <select name="channelId">
            <option value="">{t('notify.allChannels')}</option>
            <For each={channels() ?? []}>
              {(c) => (
                <option value={c.id} lang={dataLang(c.name)}>
                  {c.name}
                </option>
              )}
            </For>
          </select>
        </label>
        <label>
          {t('notify.alarmId')}
          <input name="alarmId" maxLength={64} translate="no" />
        </label>
        <button type="submit" class="primary">
          {t('notify.filter')}
        </button>
      </form>
      <Notices of={notices} />
      <Loaded of={messages} retry={() => void refetch()} refused="state.refusedNotify">
        {(list) => (
          <MessagesTable messages={list()} {...(admin() ? { onResend: (id: number) => void resend(id) } : {})} />
        )}
      </Loaded>
    </div>
  );
}
