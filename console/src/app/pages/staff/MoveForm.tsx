/**
 * A move to another hall from a day on: the halls the manager sees (the org tree), the first day in the
 * new hall. Effective today: at once (gone from this hall's counters, in the new one's); later: on its day.
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, errorMessage } from '../../api.ts';
import { dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';

const todayIso = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export function MoveForm(props: { employeeId: string; hallId: string; onDone: () => void }) {
  const [units] = createResource(() => api.org.tree.query().catch(() => []));
  const halls = () => (units() ?? []).filter((u) => u.kind === 'hall' && u.hallId && u.hallId !== props.hallId);
  const [to, setTo] = createSignal('');
  const [date, setDate] = createSignal(todayIso());
  const [error, setError] = createSignal<(() => string) | null>(null);
  const move = async (ev: SubmitEvent) => {
    ev.preventDefault();
    if (!to()) return;
    try {
      await api.staff.move.mutate({ employeeId: props.employeeId, toHallId: to(), effectiveDate: date() });
      setError(null);
      props.onDone();
    } catch (err) {
      setError(() => () => errorMessage(err));
    }
  };
  return (
    <Show when={halls().length > 0} fallback={<p class="muted">{t('staff.moveNoHalls')}</p>}>
      <form class="inline-wrap" onSubmit={(ev) => void move(ev)} aria-label={t('staff.move')}>
        <label>
          {t('staff.moveTo')}
          <select required value={to()} onChange={(ev) => setTo(ev.currentTarget.value)}>
            <option value="">{t('staff.moveChoose')}</option>
            <For each={halls()}>
              {(h) => (
                <option value={h.hallId as string} lang={dataLang(h.name)}>
                  {h.name}
                </option>
              )}
            </For>
          </select>
        </label>
        <label>
          {t('staff.effectiveDate')}
          <input
            type="date"
            required
            min={todayIso()}
            value={date()}
            onChange={(ev) => setDate(ev.currentTarget.value)}
          />
        </label>
        <button type="submit">{t('staff.moveNow')}</button>
        <Show when={error()}>
          {(say) => (
            <p role="alert" class="error">
              {say()()}
            </p>
          )}
        </Show>
      </form>
    </Show>
  );
}
