/** `/metrics` as Prometheus scrapes it: queue depths, refusals by reason, outbox, event-loop lag. */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/test-hub.ts';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => {
  await t?.stop();
});

const value = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('/metrics', () => {
  it('shows queue depth, refused messages by reason, the outbox and the event loop', async () => {
    const client = await mqtt.connectAsync(t.url, {
      clientId: 'kiosk-1',
      username: 'kiosk-1',
      password: t.secrets['kiosk-1'],
      protocolVersion: 4,
    });
    await client.subscribeAsync('hall/H-TEST/dev/kiosk-1/cmd/#', { qos: 1 });
    const printed = new Promise((resolve) => client.on('message', resolve));
    await client.publishAsync(
      'hall/H-TEST/dev/kiosk-1/evt/ticket.request',
      JSON.stringify({
        eid: 'm1',
        seq: 1,
        ts: Date.now(),
        deviceId: 'kiosk-1',
        serviceId: 'billing',
        channel: 'kiosk',
      }),
      { qos: 1 },
    );
    await printed;
    await client.publishAsync('hall/H-TEST/dev/kiosk-1/evt/ticket.request', 'not json', { qos: 1 });
    await client.publishAsync('hall/H-TEST/dev/kiosk-1/evt/ticket.request', 'still not json', { qos: 1 });
    await new Promise((r) => setTimeout(r, 200));
    const res = await fetch(`${t.httpUrl}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(value(text, 'hall_queue_waiting{service="billing"}')).toBe(1);
    expect(value(text, 'hall_queue_waiting{service="plan"}')).toBe(0);
    expect(value(text, 'hub_rejected_messages_total{reason="invalid_json"}')).toBe(2);
    expect(value(text, 'hub_outbox_rows')).toBeGreaterThanOrEqual(2); // day.started, ticket.issued, …
    expect(value(text, 'hub_accepted_messages_total')).toBe(1);
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    await client.endAsync();
  });
});
