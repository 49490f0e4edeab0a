/**
 * Who is invited: the unit's clerks grouped by hall (the session's hall first), each hall with "全选本厅"
 * (checked, unchecked or partly) and how many of it are chosen, and the total. Someone already checked in
 * stays on the list (the cloud keeps them): their box is shown checked and cannot be cleared.
 */
import { createEffect, createMemo, For, Show } from 'solid-js';
import { count, dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import type { Clerk, InviteChoices } from './sessions-text.tsx';
import './session-form.css';

/** The cloud's limit per session (sessions.service.ts MAX_ATTENDEES). */
export const MAX_ATTENDEES = 200;

export function AttendeePicker(props: {
  choices: InviteChoices;
  selected: readonly string[];
  onChange: (ids: string[]) => void;
  /** Checked in already: cannot be taken off. */
  locked?: ReadonlySet<string>;
  /** The session's hall (its clerks are listed first). */
  hallId?: string | null;
  error?: string | null;
}) {
  const chosen = createMemo(() => new Set(props.selected));
  const groups = createMemo(() => {
    const byHall = new Map<string, Clerk[]>();
    for (const e of props.choices.employees) byHall.set(e.hallId, [...(byHall.get(e.hallId) ?? []), e]);
    const halls = props.choices.halls
      .filter((h) => byHall.has(h.id))
      .sort(
        (a, b) =>
          Number(b.id === props.hallId) - Number(a.id === props.hallId) || a.name.localeCompare(b.name, 'zh-CN'),
      );
    return halls.map((h) => ({ hall: h, clerks: byHall.get(h.id) ?? [] }));
  });
  const set = (ids: Iterable<string>) => props.onChange([...new Set(ids)]);
  const toggle = (id: string, on: boolean) => {
    if (!on && props.locked?.has(id)) return;
    const next = new Set(chosen());
    if (on) next.add(id);
    else next.delete(id);
    set(next);
  };
  const toggleHall = (clerks: readonly Clerk[], on: boolean) => {
    const next = new Set(chosen());
    for (const c of clerks) {
      if (on) next.add(c.id);
      else if (!props.locked?.has(c.id)) next.delete(c.id);
    }
    set(next);
  };
  return (
    <fieldset class="attendee-picker" data-testid="attendees" aria-describedby="attendees-total">
      <legend>{t('training.sessions.form.attendees')}</legend>
      <p class="picker-total" id="attendees-total" role="status">
        {t('training.sessions.form.chosen', { n: count(props.selected.length) })}
        <Show when={props.selected.length > MAX_ATTENDEES}>
          {' '}
          <span class="error">{t('training.sessions.form.tooMany', { max: count(MAX_ATTENDEES) })}</span>
        </Show>
      </p>
      <Show when={props.error}>
        {(e) => (
          <p class="field-error" role="alert">
            {e()}
          </p>
        )}
      </Show>
      <Show when={groups().length > 0} fallback={<p class="muted">{t('training.sessions.form.noClerks')}</p>}>
        <For each={groups()}>
          {(g) => {
            const picked = () => g.clerks.filter((c) => chosen().has(c.id)).length;
            let box: HTMLInputElement | undefined;
            // Partly chosen: neither checked nor cleared (a property of the box, not an attribute).
            createEffect(() => {
              if (box) box.indeterminate = picked() > 0 && picked() < g.clerks.length;
            });
            return (
              <section class="hall-group" data-hall={g.hall.id}>
                <div class="hall-group-head">
                  <label class="check all">
                    <input
                      type="checkbox"
                      data-action="select-hall"
                      checked={picked() === g.clerks.length}
                      ref={box}
                      onChange={(e) => toggleHall(g.clerks, e.currentTarget.checked)}
                    />
                    <span>
                      {t('training.sessions.form.selectHall')}
                      <span class="hall-name" lang={dataLang(g.hall.name)}>
                        {g.hall.name}
                      </span>
                    </span>
                  </label>
                  <span class="muted picked">
                    {t('training.sessions.form.hallChosen', {
                      n: count(picked()),
                      of: count(g.clerks.length),
                    })}
                  </span>
                </div>
                <ul class="clerks">
                  <For each={g.clerks}>
                    {(c) => (
                      <li>
                        <label class="check">
                          <input
                            type="checkbox"
                            name="employee"
                            value={c.id}
                            checked={chosen().has(c.id)}
                            disabled={props.locked?.has(c.id) ?? false}
                            onChange={(e) => toggle(c.id, e.currentTarget.checked)}
                          />
                          <span lang={dataLang(c.name)}>{c.name}</span>
                          <span class="muted staff-id" translate="no">
                            {c.staffId}
                          </span>
                        </label>
                      </li>
                    )}
                  </For>
                </ul>
              </section>
            );
          }}
        </For>
      </Show>
    </fieldset>
  );
}
