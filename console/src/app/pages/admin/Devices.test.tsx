import { fireEvent, render, screen, within } from '@solidjs/testing-library';
import { describe, expect, it, vi } from 'vitest';
import { DevicesTable } from './Devices.tsx';

const device = (over: Partial<Parameters<typeof DevicesTable>[0]['devices'][number]>) => ({
  id: 'kiosk-1',
  kind: 'ticket-terminal',
  transport: 'mqtt',
  counterId: null,
  address: null,
  online: true,
  cause: null,
  since: null,
  ...over,
});

describe('devices', () => {
  it('offers removal of every device and a new secret for MQTT ones, naming the device', () => {
    const onRemove = vi.fn();
    const onRotate = vi.fn();
    render(() => (
      <DevicesTable
        devices={[
          device({}),
          device({ id: 'door-mall', kind: 'people-counter', transport: 'modbus-tcp', address: '127.0.0.1:15020' }),
        ]}
        onRemove={onRemove}
        onRotate={onRotate}
      />
    ));
    fireEvent.click(screen.getByRole('button', { name: '移除设备：door-mall' }));
    expect(onRemove).toHaveBeenCalledWith('door-mall');
    const door = screen.getByRole('row', { name: /door-mall/ });
    // A protocol is called by its name; a Modbus device has no secret to renew.
    expect(within(door).getByText('Modbus TCP')).toBeTruthy();
    expect(within(door).queryByRole('button', { name: /重新生成密钥/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '重新生成密钥：kiosk-1' }));
    expect(onRotate).toHaveBeenCalledWith('kiosk-1');
  });

  it('says when a hall has no devices', () => {
    render(() => <DevicesTable devices={[]} onRemove={() => {}} onRotate={() => {}} />);
    expect(screen.getByText('该营业厅还没有设备')).toBeTruthy();
  });
});
