/**
 * A hall's devices with their last reported availability; adding one or renewing its secret shows the
 * secret once (the cloud keeps only its hash), to be entered on the device. Removing one (after a
 * confirmation) takes it out of the hall's config: the hub refuses its secret once it has that config.
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, errorMessage, type Outputs } from '../../api.ts';
import { ago, clockIn } from '../../format.ts';
import { ExportButtons } from '../../components/ExportButtons.tsx';
import type { TableColumn } from '../../export/table-spec.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import { UnitSelect, type OrgUnit } from './Admin.tsx';
import { Loaded } from '../../components/States.tsx';
import { TableHead } from '../../components/TableHead.tsx';

type Device = Outputs['devices']['list'][number];

const KINDS = ['ticket-terminal', 'counter-terminal', 'rating-pad', 'people-counter'] as const;
const kindName = (k: string) => t(`kind.${k}` as ConsoleKey);

/** How a device is connected, as its protocol is called (the same in both languages). */
const TRANSPORTS: Record<string, string> = { mqtt: 'MQTT', 'modbus-tcp': 'Modbus TCP', opcua: 'OPC UA' };
export const transportName = (d: Pick<Device, 'transport'>) => TRANSPORTS[d.transport] ?? d.transport;

export function DevicesTable(props: {
  devices: Device[];
  onRotate: (deviceId: string) => void;
  onRemove: (deviceId: string) => void;
}) {
  return (
    <div class="table-wrap">
      <table class="data cards">
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
            each={props.devices}
            fallback={
              <tr>
                <td colSpan={6}>{t('admin.noDevices')}</td>
              </tr>
            }
          >
            {(d) => (
              <tr data-device={d.id}>
                <th scope="row" translate="no">
                  {d.id}
                </th>
                <td data-label={t('admin.kind')}>{kindName(d.kind)}</td>
                <td data-label={t('admin.transport')}>
                  {transportName(d)}
                  <Show when={d.address}>
                    {' '}
                    <span translate="no">{d.address}</span>
                  </Show>
                </td>
                <td data-label={t('admin.counter')}>{d.counterId ?? '—'}</td>
                <td data-label={t('admin.status')}>
                  <span class={d.online === null ? 'badge' : d.online ? 'badge ok' : 'badge offline'}>
                    {d.online === null ? t('admin.unknown') : d.online ? t('overview.online') : t('overview.offline')}
                  </span>{' '}
                  <span class="muted">{d.since ? ago(d.since) : ''}</span>
                </td>
                <td class="actions">
                  <Show when={d.transport === 'mqtt'}>
                    <button
                      type="button"
                      onClick={() => props.onRotate(d.id)}
                      aria-label={t('admin.rotateOne', { device: d.id })}
                    >
                      {t('admin.rotate')}
                    </button>
                  </Show>{' '}
                  <button
                    type="button"
                    class="danger"
                    onClick={() => props.onRemove(d.id)}
                    aria-label={t('admin.removeOne', { device: d.id })}
                  >
                    {t('admin.remove')}
                  </button>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

/** The devices as the table shows them, for export. */
function deviceColumns(): Array<TableColumn<Device>> {
  return [
    { title: 'admin.deviceId', kind: 'text', value: (d) => d.id },
    { title: 'admin.kind', kind: 'text', value: (d) => kindName(d.kind) },
    {
      title: 'admin.transport',
      kind: 'text',
      value: (d) => (d.address ? `${transportName(d)} ${d.address}` : transportName(d)),
    },
    { title: 'admin.counter', kind: 'text', value: (d) => d.counterId },
    {
      title: 'admin.status',
      kind: 'text',
      value: (d) =>
        `${d.online === null ? t('admin.unknown') : d.online ? t('overview.online') : t('overview.offline')}${d.since ? ` ${ago(d.since)}` : ''}`,
    },
  ];
}

export function DevicesSection(props: { units: OrgUnit[] }) {
  const [hall, setHall] = createSignal('');
  const hallId = () => hall() || props.units.find((u) => u.hallId)?.hallId || '';
  const [devices, { refetch }] = createResource(
    () => (hallId() ? { hallId: hallId() } : null),
    (q) => api.devices.list.query(q),
  );
  const [secret, setSecret] = createSignal<{ deviceId: string; secret: string } | null>(null);
  // Kept as how to say it, so that it follows the language switch.
  const [error, setErrorText] = createSignal<(() => string) | null>(null);
  const [done, setDone] = createSignal<(() => string) | null>(null);
  const setError = (err: unknown) => {
    if (err === '') setErrorText(null);
    else setErrorText(() => () => errorMessage(err));
  };
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
      setDone(null);
      formEl.reset();
      await refetch();
    } catch (err) {
      setError(err);
    }
  };
  const rotate = async (deviceId: string) => {
    if (!window.confirm(t('admin.rotateConfirm', { device: deviceId }))) return;
    try {
      const r = await api.devices.rotateSecret.mutate({ hallId: hallId(), deviceId });
      setSecret({ deviceId: r.deviceId, secret: r.secret });
      setError('');
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (deviceId: string) => {
    if (!window.confirm(t('admin.removeConfirm', { device: deviceId }))) return;
    try {
      await api.devices.remove.mutate({ hallId: hallId(), deviceId });
      setError('');
      setSecret(null);
      setDone(() => () => t('admin.removed', { device: deviceId }));
      await refetch();
    } catch (err) {
      setError(err);
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
            <code translate="no">{s().secret}</code>
          </div>
        )}
      </Show>
      <Show when={error()}>
        {(say) => (
          <p role="alert" class="error">
            {say()()}
          </p>
        )}
      </Show>
      <Show when={done()}>
        {(say) => (
          <p role="status" class="ok">
            {say()()}
          </p>
        )}
      </Show>
      <Loaded of={devices} retry={() => void refetch()} refused="state.refusedSection">
        {(list) => (
          <>
            <div class="table-head">
              <span />
              <ExportButtons
                title={t('admin.devices')}
                before={props.units.find((u) => u.hallId === hallId())?.name ?? ''}
                after={clockIn(Intl.DateTimeFormat().resolvedOptions().timeZone).date}
                table={() => ({ columns: deviceColumns(), rows: list() })}
              />
            </div>
            <DevicesTable devices={list()} onRotate={(id) => void rotate(id)} onRemove={(id) => void remove(id)} />
          </>
        )}
      </Loaded>
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
          <input name="counterId" placeholder="C01" translate="no" />
        </label>
        <button type="submit" class="primary">
          {t('admin.addDevice')}
        </button>
      </form>
      <p class="muted">{t('admin.configNote')}</p>
    </div>
  );
}
