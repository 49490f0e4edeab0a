/**
 * `/metrics` in Prometheus format (prom-client, one registry per hub): queue depths and waits, rejected
 * device messages by reason, journal and outbox, historian errors and spool, alarms, devices online, and
 * Node's own metrics (event-loop lag among them). Values are read when scraped, never kept twice.
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { BrokerAdapter } from './adapters/broker/broker.adapter.ts';
import type { AlertsFeature } from './features/alerts/alerts.feature.ts';
import type { HallState } from './features/hall-state/hall-state.ts';
import type { Historian } from './features/historian/historian.feature.ts';
import type { SyncFeature } from './features/sync/sync.feature.ts';
import type { HubStore } from './store/hub.store.ts';
import type { Journal } from './store/journal.ts';

export function createMetrics(o: {
  state: HallState;
  broker: BrokerAdapter;
  store: HubStore;
  journal: Journal;
  alerts: AlertsFeature;
  historian: Historian | null;
  sync: SyncFeature | null;
  clock: () => number;
}): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  new Gauge({
    name: 'hall_queue_waiting',
    help: 'Tickets waiting, per service',
    labelNames: ['service'],
    registers: [registry],
    collect() {
      for (const s of o.state.snapshot().services) this.set({ service: s.id }, s.waiting);
    },
  });
  new Gauge({
    name: 'hall_queue_longest_wait_seconds',
    help: 'Longest current wait, per service',
    labelNames: ['service'],
    registers: [registry],
    collect() {
      for (const s of o.state.snapshot().services) this.set({ service: s.id }, s.longestWaitMinutes * 60);
    },
  });
  new Gauge({
    name: 'hall_occupancy',
    help: 'People in the hall (people counters)',
    registers: [registry],
    collect() {
      this.set(o.state.snapshot().totals.occupancy);
    },
  });
  new Gauge({
    name: 'hub_devices_online',
    help: 'Devices online',
    registers: [registry],
    collect() {
      this.set(o.state.snapshot().totals.devicesOnline);
    },
  });
  new Counter({
    name: 'hub_rejected_messages_total',
    help: 'Device messages the hub refused, by reason',
    labelNames: ['reason'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [reason, byDevice] of Object.entries(o.broker.rejections))
        this.inc(
          { reason },
          Object.values(byDevice).reduce((a, b) => a + b, 0),
        );
    },
  });
  new Counter({
    name: 'hub_accepted_messages_total',
    help: 'Device events that passed authentication, ACL and the contract',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(o.broker.stats.accepted);
    },
  });
  new Gauge({
    name: 'hub_outbox_rows',
    help: 'Events waiting in the outbox for the cloud',
    registers: [registry],
    collect() {
      this.set(o.store.outboxStats().rows);
    },
  });
  new Gauge({
    name: 'hub_outbox_oldest_age_seconds',
    help: 'Age of the oldest event in the outbox',
    registers: [registry],
    collect() {
      const oldest = o.store.outboxStats().oldestCreatedAt;
      this.set(oldest === null ? 0 : Math.max(0, (o.clock() - oldest) / 1000));
    },
  });
  new Counter({
    name: 'hub_journal_commits_total',
    help: 'Group commits of the journal',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(o.journal.stats.commits);
    },
  });
  new Counter({
    name: 'hub_historian_write_errors_total',
    help: 'Failed writes to InfluxDB',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(o.historian?.stats.writeErrors ?? 0);
    },
  });
  new Gauge({
    name: 'hub_historian_spool_rows',
    help: 'History points waiting in the SQLite spool for InfluxDB',
    registers: [registry],
    collect() {
      this.set(o.historian ? o.store.spoolSize() : 0);
    },
  });
  new Gauge({
    name: 'hub_cloud_link_up',
    help: '1 while the cloud answers its health check (absent without a cloud)',
    registers: [registry],
    collect() {
      if (o.sync) this.set(o.sync.linkUp ? 1 : 0);
    },
  });
  new Counter({
    name: 'hub_sync_dead_letters_total',
    help: 'Outbox rows the cloud refused (kept in the dead-letter table)',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(o.store.deadLetters());
    },
  });
  new Gauge({
    name: 'hub_alarms_active',
    help: 'Active alarms, by severity',
    labelNames: ['severity'],
    registers: [registry],
    collect() {
      this.reset();
      for (const a of o.alerts.engine.list()) this.inc({ severity: a.severity });
    },
  });
  return registry;
}
