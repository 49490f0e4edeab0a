/** 设备 / Devices: each hall's and each device's share of time online over the period, worst first, with drops. */
import { createResource, Show } from 'solid-js';
import { api, type Outputs } from '../../api.ts';
import { Answer, DataTable, Empty, type Col } from './parts.tsx';
import { t, type ConsoleKey } from '../../i18n.ts';
import { periodQuery, type TabProps } from './tab.ts';
import { Sparkline } from './Sparkline.tsx';
import { calendarDate, percent } from '../../format.ts';

type Availability = Outputs['analytics']['availability'];
type Device = Availability['devices'][number];
type Hall = Availability['halls'][number];

const KINDS = new Set(['ticket-terminal', 'counter-terminal', 'rating-pad', 'people-counter', 'opcua-device']);
const kindName = (k: string) => (KINDS.has(k) ? t(`kind.${k}` as ConsoleKey) : k);

const worstFirst = <R extends { availability: number | null }>(rows: R[]) =>
  [...rows].sort((a, b) => (a.availability ?? 2) - (b.availability ?? 2));

/** Each hall by day: the days any hall has a known state, as columns. */
function dayColumns(a: Availability): Array<Col<Hall>> {
  const dates = [...new Set(a.halls.flatMap((h) => h.days.map((d) => d.date)))].sort();
  return [
    { title: 'analysis.col.hall', kind: 'text', value: (r) => r.name, key: true },
    ...dates.map((date): Col<Hall> => ({
      title: 'analysis.col.day',
      label: calendarDate(date, 'short'),
      kind: 'percent',
      value: (r) => r.days.find((d) => d.date === date)?.availability ?? null,
      key: true,
    })),
  ];
}

export default function DevicesTab(props: TabProps) {
  const [data, { refetch }] = createResource(
    () => periodQuery(props.s),
    (q) => api.analytics.availability.query(q),
  );
  const hallColumns: Array<Col<Hall>> = [
    { title: 'analysis.col.hall', kind: 'text', value: (r) => r.name, key: true },
    { title: 'analysis.col.availability', kind: 'percent', value: (r) => r.availability, key: true },
    {
      title: 'analysis.col.availabilityByDay',
      kind: 'text',
      // The export lists the days' shares; the screen draws them.
      value: (r) => r.days.map((d) => `${d.date} ${percent(d.availability)}`).join(t('common.listSeparator')),
      // From the worst tenth below the hall's worst day: 97 % against 100 % must show.
      cell: (r) => (
        <Sparkline
          values={r.days.map((d) => d.availability)}
          max={1}
          min={Math.floor(Math.min(1, ...r.days.map((d) => d.availability)) * 10) / 10 - 0.1}
        />
      ),
    },
    { title: 'analysis.col.devices', kind: 'count', value: (r) => r.devices },
    { title: 'analysis.col.drops', kind: 'count', value: (r) => r.drops, key: true },
  ];
  const deviceColumns: Array<Col<Device>> = [
    { title: 'analysis.col.device', kind: 'text', value: (r) => r.deviceId, key: true },
    { title: 'analysis.col.kind', kind: 'text', value: (r) => kindName(r.kind) },
    { title: 'analysis.col.hall', kind: 'text', value: (r) => r.hall },
    { title: 'analysis.col.availability', kind: 'percent', value: (r) => r.availability, key: true },
    { title: 'analysis.col.knownHours', kind: 'decimal', value: (r) => r.knownHours },
    { title: 'analysis.col.drops', kind: 'count', value: (r) => r.drops, key: true },
  ];
  return (
    <Answer of={data} retry={() => void refetch()}>
      {(a) => (
        <Show when={a().devices.length > 0} fallback={<Empty />}>
          <p class="hint">{t('analysis.availabilityHelp')}</p>
          <DataTable
            title={t('analysis.hallAvailability')}
            testId="hall-availability"
            before={props.unitName}
            after={props.periodText}
            columns={hallColumns}
            rows={worstFirst(a().halls)}
            rowKey={(r) => r.hallId}
            sortable
          />
          <DataTable
            title={t('analysis.availabilityDays')}
            testId="availability-days"
            level={3}
            before={props.unitName}
            after={props.periodText}
            columns={dayColumns(a())}
            rows={worstFirst(a().halls)}
            rowKey={(r) => r.hallId}
          />
          <DataTable
            title={t('analysis.deviceAvailability')}
            testId="device-availability"
            level={3}
            before={props.unitName}
            after={props.periodText}
            columns={deviceColumns}
            rows={worstFirst(a().devices)}
            rowKey={(r) => `${r.hallId}:${r.deviceId}`}
            sortable
          />
        </Show>
      )}
    </Answer>
  );
}
