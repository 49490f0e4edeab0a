/** A hall's alert thresholds, the ones a manager tunes; the cloud validates them with the whole config. */
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, errorMessage, type Outputs } from '../../api.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import { UnitSelect, type OrgUnit } from './Admin.tsx';
import { Loaded } from '../../components/States.tsx';

type Alerts = Outputs['alertRules']['get']['alerts'];

/** Each editable field: where it sits in `alerts`, its label, and its step. */
export const FIELDS: Array<{ path: [string, string?]; label: ConsoleKey; step: number; min: number }> = [
  { path: ['longWait', 'warningMinutes'], label: 'rules.longWaitWarning', step: 1, min: 1 },
  { path: ['longWait', 'criticalMinutes'], label: 'rules.longWaitCritical', step: 1, min: 1 },
  { path: ['queuePerCounter', 'threshold'], label: 'rules.queuePerCounter', step: 1, min: 1 },
  { path: ['occupancy', 'warningShare'], label: 'rules.occupancyWarning', step: 0.05, min: 0 },
  { path: ['occupancy', 'criticalShare'], label: 'rules.occupancyCritical', step: 0.05, min: 0 },
  { path: ['arrivalSurge', 'factor'], label: 'rules.surgeFactor', step: 0.1, min: 1 },
  { path: ['idleCounter', 'minutes'], label: 'rules.idleMinutes', step: 1, min: 1 },
  { path: ['deviceOffline', 'minutes'], label: 'rules.deviceOfflineMinutes', step: 1, min: 0 },
  { path: ['lowRating', 'streak'], label: 'rules.lowRatingStreak', step: 1, min: 2 },
  { path: ['raiseAfterSec'], label: 'rules.raiseAfter', step: 5, min: 0 },
  { path: ['clearAfterSec'], label: 'rules.clearAfter', step: 5, min: 0 },
  { path: ['notifyPerMinute'], label: 'rules.notifyPerMinute', step: 1, min: 1 },
];

const read = (a: Alerts, [k, sub]: [string, string?]) => {
  const v = (a as unknown as Record<string, unknown>)[k];
  return sub ? (v as Record<string, number>)[sub] : (v as number);
};

/** The rules with the form's values written in; other settings (per-service waits, schedule) kept. */
export function applyForm(alerts: Alerts, form: FormData): Record<string, unknown> {
  const next = structuredClone(alerts) as unknown as Record<string, Record<string, unknown> | unknown>;
  for (const f of FIELDS) {
    const name = f.path.join('.');
    const raw = form.get(name);
    if (raw === null || raw === '') continue;
    const value = Number(raw);
    const [k, sub] = f.path;
    if (sub) (next[k] as Record<string, unknown>)[sub] = value;
    else next[k] = value;
  }
  return next as Record<string, unknown>;
}

export function AlertRulesSection(props: { units: OrgUnit[] }) {
  const [hall, setHall] = createSignal('');
  const hallId = () => hall() || props.units.find((u) => u.hallId)?.hallId || '';
  const [rules, { refetch }] = createResource(
    () => (hallId() ? { hallId: hallId() } : null),
    (q) => api.alertRules.get.query(q),
  );
  const [message, setMessage] = createSignal<{ ok: boolean; text: string } | null>(null);
  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    const current = rules.latest;
    if (!current) return;
    try {
      const r = await api.alertRules.put.mutate({
        hallId: hallId(),
        alerts: applyForm(current.alerts, new FormData(e.currentTarget as HTMLFormElement)),
      });
      setMessage({ ok: true, text: t('rules.saved', { version: r.version }) });
      await refetch();
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    }
  };
  return (
    <div class="admin-section">
      <UnitSelect
        units={props.units}
        hallsOnly
        value={hallId()}
        onChange={(id) => (setHall(id), setMessage(null))}
        label={t('admin.hall')}
      />
      <Loaded of={rules} retry={() => void refetch()} refused="state.refusedSection">
        {(r) => (
          <form class="grid-form" onSubmit={(e) => void save(e)}>
            <For each={FIELDS}>
              {(f) => (
                <label>
                  {t(f.label)}
                  <input
                    name={f.path.join('.')}
                    type="number"
                    step={f.step}
                    min={f.min}
                    value={read(r().alerts, f.path)}
                    required
                  />
                </label>
              )}
            </For>
            <button type="submit" class="primary">
              {t('rules.save')}
            </button>
          </form>
        )}
      </Loaded>
      <Show when={message()}>
        {(m) => (
          <p role={m().ok ? 'status' : 'alert'} class={m().ok ? 'ok' : 'error'}>
            {m().text}
          </p>
        )}
      </Show>
      <p class="muted">{t('rules.note')}</p>
    </div>
  );
}
