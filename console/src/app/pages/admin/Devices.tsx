/**
 * A hall's devices with their last reported availability; adding one or renewing its secret shows the
 * secret once (the cloud keeps only its hash), to be entered on the device.
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, errorMessage } from '../../api.ts';
import { ago } from '../../format.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import { UnitSelect, type OrgUnit } from './Admin.tsx';
import { TableHead } from '../../components/TableHead.tsx';

const KINDS = ['ticket-terminal', 'counter-terminal', 'rating-pad', 'people-counter'] as const;
const kindName = (k: string) => t(`kind.${k}` as ConsoleKey);

export function DevicesSection(props: { units: OrgUnit[] }) {
  const [hall, setHall] = createSignal('');
  const hallId = () => hall() || props.units.find((u) => u.hallId)?.hallId || '';
  const [devices, { refetch }] = createResource(
    () => (hallId() ? { hallId: hallId() } : null),
    (q) => api.devices.list.query(q),
  );
  const [secret, setSecret] = createSignal<{ deviceId: string; secret: string } | null>(null);
  const [error, setError] = createSignal('');
  const add = async (e: SubmitEvent) => {
    e.preventDefault();
    const formEl = e.currentTarget as HTMLFormElement;
    const f = new FormData(formEl);
    const counterId = String(f.get('counterId') ?? '').trim();
    try {
      const r = await api.halls.addDevice.mutate({
        hallId: hallId(),
        deviceId: String(f.get('deviceId') ?? '').trim(),
        kind: String(f.get('kind')) as (typeof KINDS)[number],
        ...(counterId ? { counterId } : {}),
      });
      setSecret({ deviceId: r.deviceId, secret: r.secret });
      setError('');
      formEl.reset();
      await refetch();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const rotate = async (deviceId: string) => {
    if (!window.confirm(t('admin.rotateConfirm', { device: deviceId }))) return;
    try {
      const r = await api.devices.rotateSecret.mutate({ hallId: hallId(), deviceId });
      setSecret({ deviceId: r.deviceId, secret: r.secret });
      setError('');
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <div class="admin-section">
      <UnitSelect
        units={props.units}
        hallsOnly
        value={hallId()}
        onChange={(id) => (setHall(id), setSecret(null))}
        label={t('admin.hall')}
      />
      <Show when={secret()}>
        {(s) => (
          <div class="secret" role="status">
            <p>{t('admin.secretOnce', { device: s().deviceId })}</p>
            <code>{s().secret}</code>
          </div>
        )}
      </Show>
      <Show when={error()}>
        <p role="alert" class="error">
          {error()}
        </p>
      </Show>
      <div class="table-wrap">
        <table class="data">
          <TableHead
            columns={[
              'admin.deviceId',
              'admin.kind',
              'admin.transport',
              'admin.counter',
              'admin.status',
              { key: 'alarms.actions', hidden: true },
            ]}
          />
          <tbody>
            <For
              each={devices.latest ?? []}
              fallback={
                <tr>
                  <td colSpan={6}>{t('admin.noDevices')}</td>
                </tr>
              }
            >
              {(d) => (
                <tr>
                  <th scope="row">{d.id}</th>
                  <td>{kindName(d.kind)}</td>
                  <td>{d.address ? `${d.transport} ${d.address}` : d.transport}</td>
                  <td>{d.counterId ?? '—'}</td>
                  <td>
                    <span class={d.online === null ? 'badge' : d.online ? 'badge ok' : 'badge offline'}>
                      {d.online === null ? t('admin.unknown') : d.online ? t('overview.online') : t('overview.offline')}
                    </span>{' '}
                    <span class="muted">{d.since ? ago(d.since) : ''}</span>
                  </td>
                  <td>
                    <Show when={d.transport === 'mqtt'}>
                      <button
                        type="button"
                        onClick={() => void rotate(d.id)}
                        aria-label={t('admin.rotateOne', { device: d.id })}
                      >
                        {t('admin.rotate')}
                      </button>
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <h2>{t('admin.newDevice')}</h2>
      <form class="grid-form" onSubmit={(e) => void add(e)}>
        <label>
          {t('admin.deviceId')}
          <input name="deviceId" required />
        </label>
        <label>
          {t('admin.kind')}
          <select name="kind">
            <For each={KINDS}>{(k) => <option value={k}>{kindName(k)}</option>}</For>
          </select>
        </label>
        <label>
          {t('admin.counter')}
          <input name="counterId" placeholder="C01" />
        </label>
        <button type="submit" class="primary">
          {t('admin.addDevice')}
        </button>
      </form>
      <p class="muted">{t('admin.configNote')}</p>
    </div>
  );
}
