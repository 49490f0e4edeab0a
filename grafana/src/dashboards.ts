/**
 * The hall dashboards, built as @grafana/schema `Dashboard` objects (so the type checker already holds
 * them to Grafana's model) and written to grafana/dashboards/*.json by `npm run grafana:build`. Every
 * query is InfluxQL against the `hall-influx` datasource, so they work on InfluxDB 1.x, 2.x and 3.x.
 */
import type { Dashboard, Panel } from '@grafana/schema';

export const DATASOURCE = { type: 'influxdb', uid: 'hall-influx' } as const;

/** The hall picker every dashboard starts with. */
const hallVariable = {
  name: 'hall',
  label: '营业厅 Hall',
  type: 'query' as const,
  datasource: DATASOURCE,
  query: 'SHOW TAG VALUES FROM "hall" WITH KEY = "hall"',
  refresh: 1 as const,
  includeAll: false,
  multi: false,
};

let nextId = 1;
function panel(opts: {
  title: string;
  type: 'timeseries' | 'stat' | 'barchart' | 'table' | 'state-timeline';
  queries: string[];
  grid: { x: number; y: number; w: number; h: number };
  unit?: string;
  description?: string;
  stack?: boolean;
}): Panel {
  return {
    id: nextId++,
    type: opts.type,
    title: opts.title,
    description: opts.description,
    datasource: DATASOURCE,
    gridPos: opts.grid,
    targets: opts.queries.map((query, i) => ({
      refId: String.fromCharCode(65 + i),
      datasource: DATASOURCE,
      rawQuery: true,
      resultFormat: 'time_series',
      query,
    })),
    fieldConfig: {
      defaults: {
        ...(opts.unit ? { unit: opts.unit } : {}),
        ...(opts.stack ? { custom: { stacking: { mode: 'normal', group: 'A' } } } : {}),
      },
      overrides: [],
    },
    options: {},
  };
}

const HALL = `"hall" =~ /^$hall$/`;

function dashboard(
  uid: string,
  title: string,
  panels: Panel[],
  opts: { refresh?: string; from?: string; description: string },
): Dashboard {
  nextId = 1;
  return {
    uid,
    title,
    description: opts.description,
    tags: ['hall'],
    editable: false,
    schemaVersion: 39,
    version: 1,
    timezone: 'browser',
    graphTooltip: 1,
    refresh: opts.refresh ?? '',
    time: { from: opts.from ?? 'now-6h', to: 'now' },
    templating: { list: [hallVariable] },
    annotations: { list: [] },
    panels,
  };
}

export function hallLive(): Dashboard {
  const panels = [
    panel({
      title: '排队人数 Waiting by service',
      type: 'timeseries',
      grid: { x: 0, y: 0, w: 12, h: 8 },
      queries: [
        `SELECT max("waiting") FROM "queue" WHERE ${HALL} AND $timeFilter GROUP BY time($__interval), "service" fill(null)`,
      ],
    }),
    panel({
      title: '最长等候 Longest wait (min)',
      type: 'timeseries',
      unit: 'm',
      grid: { x: 12, y: 0, w: 12, h: 8 },
      queries: [
        `SELECT max("longest_wait_min") FROM "queue" WHERE ${HALL} AND $timeFilter GROUP BY time($__interval), "service" fill(null)`,
      ],
    }),
    panel({
      title: '厅内人数 Occupancy',
      type: 'timeseries',
      grid: { x: 0, y: 8, w: 8, h: 7 },
      queries: [
        `SELECT last("occupancy") FROM "hall" WHERE ${HALL} AND $timeFilter GROUP BY time($__interval) fill(previous)`,
      ],
    }),
    panel({
      title: '开放窗口 Open counters',
      type: 'timeseries',
      grid: { x: 8, y: 8, w: 8, h: 7 },
      queries: [
        `SELECT sum("open") FROM (SELECT last("open") AS "open" FROM "counter" WHERE ${HALL} AND $timeFilter GROUP BY time($__interval), "counter") GROUP BY time($__interval)`,
      ],
    }),
    panel({
      title: '今日已办 Served today',
      type: 'stat',
      grid: { x: 16, y: 8, w: 4, h: 7 },
      queries: [`SELECT last("served_today") FROM "hall" WHERE ${HALL} AND $timeFilter`],
    }),
    panel({
      title: '活动告警 Active alarms',
      type: 'stat',
      grid: { x: 20, y: 8, w: 4, h: 7 },
      queries: [`SELECT last("alarms_active") FROM "hall" WHERE ${HALL} AND $timeFilter`],
    }),
    panel({
      title: '窗口状态 Counter status',
      type: 'state-timeline',
      description: '0 closed · 1 idle · 2 calling · 3 serving · 4 paused',
      grid: { x: 0, y: 15, w: 24, h: 8 },
      queries: [
        `SELECT last("status") FROM "counter" WHERE ${HALL} AND $timeFilter GROUP BY time($__interval), "counter" fill(previous)`,
      ],
    }),
  ];
  return dashboard('hall-live', '营业厅实况 Hall live', panels, {
    refresh: '10s',
    from: 'now-3h',
    description: 'Queues, waits, occupancy and counters of one hall, as the hub sees them.',
  });
}

export function serviceQuality(): Dashboard {
  const panels = [
    panel({
      title: '每小时取号 Tickets per hour',
      type: 'barchart',
      stack: true,
      grid: { x: 0, y: 0, w: 12, h: 8 },
      queries: [
        `SELECT sum("count") FROM "ticket" WHERE ${HALL} AND "event" = 'issued' AND $timeFilter GROUP BY time(1h), "service" fill(0)`,
      ],
    }),
    panel({
      title: '平均等候 Average wait per hour (min)',
      type: 'timeseries',
      unit: 'm',
      grid: { x: 12, y: 0, w: 12, h: 8 },
      queries: [
        `SELECT mean("wait_s") / 60 FROM "ticket" WHERE ${HALL} AND "event" = 'called' AND $timeFilter GROUP BY time(1h), "service" fill(null)`,
      ],
    }),
    panel({
      title: '办结与过号 Served, no-shows, cancelled per hour',
      type: 'barchart',
      grid: { x: 0, y: 8, w: 12, h: 8 },
      queries: [
        `SELECT sum("count") FROM "ticket" WHERE ${HALL} AND "event" =~ /^(finished|noshow|cancelled)$/ AND $timeFilter GROUP BY time(1h), "event" fill(0)`,
      ],
    }),
    panel({
      title: '服务水平 Service level (share called within target)',
      type: 'timeseries',
      unit: 'percentunit',
      grid: { x: 12, y: 8, w: 12, h: 8 },
      queries: [
        `SELECT last("service_level") FROM "hall" WHERE ${HALL} AND $timeFilter GROUP BY time(1h) fill(previous)`,
      ],
    }),
    panel({
      title: '满意度 Ratings per hour (mean score)',
      type: 'timeseries',
      grid: { x: 0, y: 16, w: 12, h: 8 },
      queries: [`SELECT mean("score") FROM "rating" WHERE ${HALL} AND $timeFilter GROUP BY time(1h) fill(null)`],
    }),
    panel({
      title: '客流 People in per hour',
      type: 'barchart',
      grid: { x: 12, y: 16, w: 12, h: 8 },
      queries: [`SELECT sum("in") FROM "people" WHERE ${HALL} AND $timeFilter GROUP BY time(1h) fill(0)`],
    }),
  ];
  return dashboard('hall-service-quality', '服务质量 Service quality by hour', panels, {
    from: 'now-24h',
    description: 'Hourly traffic, waits, outcomes, service level and ratings.',
  });
}

export function deviceHealth(): Dashboard {
  const panels = [
    panel({
      title: '在线设备 Devices online',
      type: 'timeseries',
      grid: { x: 0, y: 0, w: 12, h: 8 },
      queries: [
        `SELECT last("devices_online") FROM "hall" WHERE ${HALL} AND $timeFilter GROUP BY time($__interval) fill(previous)`,
      ],
    }),
    panel({
      title: '设备上下线 Device availability changes',
      type: 'state-timeline',
      description: '1 online · 0 offline',
      grid: { x: 12, y: 0, w: 12, h: 8 },
      queries: [
        `SELECT last("online") FROM "device_health" WHERE ${HALL} AND $timeFilter GROUP BY time($__interval), "device" fill(previous)`,
      ],
    }),
    panel({
      title: '告警 Alarms raised by rule',
      type: 'barchart',
      grid: { x: 0, y: 8, w: 24, h: 8 },
      queries: [
        `SELECT sum("count") FROM "alarm" WHERE ${HALL} AND "state" = 'raised' AND $timeFilter GROUP BY time(1h), "rule" fill(0)`,
      ],
    }),
  ];
  return dashboard('hall-device-health', '设备健康 Device health', panels, {
    refresh: '30s',
    from: 'now-24h',
    description: 'Which hall devices are online, and the alarms raised.',
  });
}

export const dashboards = {
  'hall-live': hallLive,
  'service-quality': serviceQuality,
  'device-health': deviceHealth,
} as const;
