/**
 * Channel accounts (administrators): SMTP, Aliyun and Tencent SMS, WeCom and DingTalk group robots, a
 * signed webhook. Secrets are write-only: the list says whether each is set; a field left empty keeps
 * the stored value. A test message goes through the outbox like any other (see the delivery log).
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, type Outputs } from '../../api.ts';
import { createNotices, Notices } from '../../components/Notices.tsx';
import { Loaded } from '../../components/States.tsx';
import { TableHead } from '../../components/TableHead.tsx';
import { dataLang } from '../../format.ts';
import { t, type ConsoleKey } from '../../i18n.ts';

type Channel = Outputs['notify']['channels']['list'][number];
type Kind = Channel['kind'];
const KINDS: Kind[] = ['smtp', 'aliyun-sms', 'tencent-sms', 'wecom', 'dingtalk', 'webhook'];

interface Field {
  name: string;
  label: ConsoleKey;
  type?: 'number' | 'checkbox' | 'url';
  required?: boolean;
  /** Where the value lives in the settings (templates are a map). */
  path?: [string, string];
}
const SETTINGS: Record<Kind, Field[]> = {
  smtp: [
    { name: 'host', label: 'notify.field.host', required: true },
    { name: 'port', label: 'notify.field.port', type: 'number', required: true },
    { name: 'secure', label: 'notify.field.secure', type: 'checkbox' },
    { name: 'from', label: 'notify.field.from', required: true },
    { name: 'username', label: 'notify.field.username' },
  ],
  'aliyun-sms': [
    { name: 'endpoint', label: 'notify.field.endpoint', type: 'url' },
    { name: 'accessKeyId', label: 'notify.field.accessKeyId', required: true },
    { name: 'signName', label: 'notify.field.signName', required: true },
    { name: 'template', label: 'notify.field.template', required: true, path: ['templates', 'raised'] },
    { name: 'resolvedTemplate', label: 'notify.field.resolvedTemplate', path: ['templates', 'resolved'] },
  ],
  'tencent-sms': [
    { name: 'endpoint', label: 'notify.field.endpoint', type: 'url' },
    { name: 'secretId', label: 'notify.field.secretId', required: true },
    { name: 'smsSdkAppId', label: 'notify.field.smsSdkAppId', required: true },
    { name: 'signName', label: 'notify.field.signName', required: true },
    { name: 'template', label: 'notify.field.template', required: true, path: ['templates', 'raised'] },
    { name: 'resolvedTemplate', label: 'notify.field.resolvedTemplate', path: ['templates', 'resolved'] },
  ],
  wecom: [{ name: 'baseUrl', label: 'notify.field.baseUrl', type: 'url' }],
  dingtalk: [{ name: 'baseUrl', label: 'notify.field.baseUrl', type: 'url' }],
  webhook: [{ name: 'url', label: 'notify.field.url', type: 'url', required: true }],
};
const SECRETS: Record<Kind, Array<{ name: string; label: ConsoleKey }>> = {
  smtp: [{ name: 'password', label: 'notify.field.password' }],
  'aliyun-sms': [{ name: 'accessKeySecret', label: 'notify.field.accessKeySecret' }],
  'tencent-sms': [{ name: 'secretKey', label: 'notify.field.secretKey' }],
  wecom: [{ name: 'key', label: 'notify.field.key' }],
  dingtalk: [
    { name: 'accessToken', label: 'notify.field.accessToken' },
    { name: 'secret', label: 'notify.field.secret' },
  ],
  webhook: [{ name: 'secret', label: 'notify.field.webhookSecret' }],
};

const valueOf = (c: Channel | null, f: Field): unknown => {
  if (!c) return undefined;
  if (f.path) return (c.settings[f.path[0]] as Record<string, unknown> | undefined)?.[f.path[1]];
  return c.settings[f.name];
};

/** The settings a channel shows in the list: where it sends, never a secret. */
function summary(c: Channel): string {
  const s = c.settings as Record<string, unknown>;
  if (c.kind === 'smtp') return `${String(s.host)}:${String(s.port)} · ${String(s.from)}`;
  if (c.kind === 'webhook') return String(s.url);
  if (c.kind === 'aliyun-sms' || c.kind === 'tencent-sms') return `${String(s.signName)}`;
  return typeof s.baseUrl === 'string' ? s.baseUrl : '';
}

export function ChannelsSection() {
  const [channels, { refetch }] = createResource(() => api.notify.channels.list.query());
  const [kind, setKind] = createSignal<Kind>('smtp');
  const [editing, setEditing] = createSignal<Channel | null>(null);
  const notices = createNotices();
  const fail = (err: unknown) => notices.fail(err);
  const ok = (key: ConsoleKey) => notices.ok(key);
  const edit = (c: Channel) => {
    setKind(c.kind);
    setEditing(c);
    document.getElementById('channel-form')?.scrollIntoView({ block: 'start' });
  };
  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const f = new FormData(form);
    const settings: Record<string, unknown> = {};
    for (const field of SETTINGS[kind()]) {
      const raw = f.get(field.name);
      if (field.type === 'checkbox') settings[field.name] = raw === 'on';
      else {
        const v = String(raw ?? '').trim();
        if (!v) continue;
        const value = field.type === 'number' ? Number(v) : v;
        if (field.path)
          settings[field.path[0]] = { ...((settings[field.path[0]] as object) ?? {}), [field.path[1]]: value };
        else settings[field.name] = value;
      }
    }
    const secrets: Record<string, string> = {};
    for (const s of SECRETS[kind()]) {
      const v = String(f.get(`secret.${s.name}`) ?? '');
      if (v) secrets[s.name] = v;
    }
    try {
      await api.notify.channels.save.mutate({
        id: String(f.get('id') ?? '').trim(),
        kind: kind(),
        name: String(f.get('name') ?? '').trim(),
        settings: settings as never,
        secrets,
        enabled: f.get('enabled') === 'on',
      });
      ok('notify.saved');
      setEditing(null);
      form.reset();
      await refetch();
    } catch (err) {
      fail(err);
    }
  };
  const remove = async (c: Channel) => {
    if (!window.confirm(t('notify.deleteChannelConfirm', { id: c.id }))) return;
    try {
      await api.notify.channels.delete.mutate({ id: c.id });
      await refetch();
    } catch (err) {
      fail(err);
    }
  };
  const test = async (e: SubmitEvent) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const to = String(f.get('to') ?? '').trim();
    try {
      await api.notify.channels.test.mutate({ channelId: String(f.get('channelId') ?? ''), ...(to ? { to } : {}) });
      ok('notify.testQueued');
    } catch (err) {
      fail(err);
    }
  };
  return (
    <div class="admin-section">
      <Notices of={notices} />
      <Loaded of={channels} retry={() => void refetch()} refused="state.refusedNotify">
        {(list) => (
          <>
            <div class="table-wrap">
              <table class="data cards">
                <TableHead
                  columns={[
                    'notify.channelName',
                    'notify.channelKind',
                    'notify.settings',
                    'notify.secrets',
                    'notify.status',
                    { key: 'notify.actions', hidden: true },
                  ]}
                />
                <tbody>
                  <For
                    each={list()}
                    fallback={
                      <tr>
                        <td colSpan={6}>{t('notify.noChannels')}</td>
                      </tr>
                    }
                  >
                    {(c) => (
                      <tr data-channel={c.id}>
                        <th scope="row">
                          <span lang={dataLang(c.name)}>{c.name}</span>{' '}
                          <span class="muted" translate="no">
                            {c.id}
                          </span>
                        </th>
                        <td data-label={t('notify.channelKind')}>{t(`notify.kind.${c.kind}`)}</td>
                        <td data-label={t('notify.settings')} translate="no" class="wrap">
                          {summary(c)}
                        </td>
                        <td data-label={t('notify.secrets')}>
                          {SECRETS[c.kind]
                            .map((x) =>
                              t('notify.secretState', {
                                name: t(x.label),
                                state: c.secretsSet.includes(x.name) ? t('notify.secretSet') : t('notify.secretUnset'),
                              }),
                            )
                            .join(t('notify.listSep'))}
                        </td>
                        <td data-label={t('notify.status')}>
                          <span class={c.enabled ? 'badge ok' : 'badge'}>
                            {c.enabled ? t('notify.enabled') : t('notify.disabled')}
                          </span>
                        </td>
                        <td class="actions">
                          <button
                            type="button"
                            aria-label={t('notify.editChannel', { id: c.id })}
                            onClick={() => edit(c)}
                          >
                            {t('notify.edit')}
                          </button>{' '}
                          <button
                            type="button"
                            class="danger"
                            aria-label={t('notify.deleteChannel', { id: c.id })}
                            onClick={() => void remove(c)}
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
            <Show when={list().length > 0}>
              <h2>{t('notify.test')}</h2>
              <form class="grid-form" onSubmit={(e) => void test(e)}>
                <label>
                  {t('notify.channel')}
                  <select name="channelId">
                    <For each={list()}>
                      {(c) => (
                        <option value={c.id} lang={dataLang(c.name)}>
                          {c.name}
                        </option>
                      )}
                    </For>
                  </select>
                </label>
                <label>
                  {t('notify.testTo')}
                  <input name="to" maxLength={254} translate="no" />
                </label>
                <button type="submit">{t('notify.test')}</button>
              </form>
            </Show>
          </>
        )}
      </Loaded>
      <h2 id="channel-form">{t('notify.newChannel')}</h2>
      <Show when={editing() ?? true} keyed>
        {(current) => {
          const c = current === true ? null : current;
          return (
            <form class="grid-form" onSubmit={(e) => void save(e)}>
              <label>
                {t('notify.channelKind')}
                <select name="kind" disabled={Boolean(c)} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
                  <For each={KINDS}>
                    {(k) => (
                      <option value={k} selected={k === kind()}>
                        {t(`notify.kind.${k}`)}
                      </option>
                    )}
                  </For>
                </select>
              </label>
              <label>
                {t('notify.channelId')}
                <input
                  name="id"
                  required
                  maxLength={64}
                  pattern="[A-Za-z0-9][A-Za-z0-9_.:\-]*"
                  value={c?.id ?? ''}
                  readOnly={Boolean(c)}
                  translate="no"
                />
              </label>
              <label>
                {t('notify.channelName')}
                <input name="name" required maxLength={80} value={c?.name ?? ''} />
              </label>
              <For each={SETTINGS[kind()]}>
                {(field) =>
                  field.type === 'checkbox' ? (
                    <label class="check">
                      <input type="checkbox" name={field.name} checked={valueOf(c, field) === true} />
                      {t(field.label)}
                    </label>
                  ) : (
                    <label>
                      {t(field.label)}
                      <input
                        name={field.name}
                        type={field.type ?? 'text'}
                        required={field.required ?? false}
                        value={String(valueOf(c, field) ?? '')}
                        translate="no"
                      />
                    </label>
                  )
                }
              </For>
              <For each={SECRETS[kind()]}>
                {(s) => (
                  <label>
                    {t(s.label)}
                    <input
                      name={`secret.${s.name}`}
                      type="password"
                      autocomplete="new-password"
                      maxLength={500}
                      placeholder={c?.secretsSet.includes(s.name) ? t('notify.secretKeep') : ''}
                    />
                  </label>
                )}
              </For>
              <label class="check">
                <input type="checkbox" name="enabled" checked={c ? c.enabled : true} />
                {t('notify.enabled')}
              </label>
              <button type="submit" class="primary">
                {t('notify.saveChannel')}
              </button>
            </form>
          );
        }}
      </Show>
    </div>
  );
}
