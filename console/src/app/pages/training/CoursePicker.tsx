/**
 * The course a session teaches: a material of the library, searched by its words (the library's own
 * search: the newest first without a query), chosen from a few results; or none.
 */
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { api } from '../../api.ts';
import { dataLang } from '../../format.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import { KindBadge, Marked } from './training-text.tsx';
import './session-form.css';

export interface Course {
  seriesId: number;
  title: string;
}

const SHOWN = 6;

export function CoursePicker(props: {
  value: Course | null;
  onChange: (c: Course | null) => void;
  error?: string | null;
  /** Another form's words (a plan rule's courses, added one by one): the legend, none chosen, the button. */
  labels?: { legend: ConsoleKey; empty: ConsoleKey | null; choose: ConsoleKey };
  /** What the other form shows of its choice, under the legend (the courses added so far). */
  children?: JSX.Element;
}) {
  const [open, setOpen] = createSignal(false);
  const [q, setQ] = createSignal('');
  const [asked, setAsked] = createSignal<string | null>(null);
  const [found] = createResource(asked, (query) =>
    api.training.library.query({ ...(query.trim() ? { q: query.trim().slice(0, 100) } : {}), limit: SHOWN }),
  );
  const search = () => setAsked(q());
  const start = () => {
    setOpen(true);
    if (asked() === null) setAsked('');
  };
  return (
    <fieldset class="course-picker" data-testid="course">
      <legend>{t(props.labels?.legend ?? 'training.sessions.form.course')}</legend>
      {props.children}
      <Show
        when={!open()}
        fallback={
          <div class="course-search">
            <div class="search-line">
              <label class="q">
                <span class="visually-hidden">{t('training.sessions.form.courseSearch')}</span>
                <input
                  type="search"
                  name="course-q"
                  maxLength={100}
                  value={q()}
                  placeholder={t('training.sessions.form.coursePlaceholder')}
                  enterkeyhint="search"
                  onInput={(e) => setQ(e.currentTarget.value)}
                  onKeyDown={(e) => {
                    // Enter searches the library, not the session form.
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      search();
                    }
                  }}
                />
              </label>
              <button type="button" onClick={search} data-action="course-search">
                {t('training.search.submit')}
              </button>
              <button type="button" class="link" onClick={() => setOpen(false)}>
                {t('training.sessions.form.courseClose')}
              </button>
            </div>
            <Show when={!found.loading} fallback={<p class="muted">{t('training.search.searching')}</p>}>
              <Show when={found.error as unknown}>
                <p class="error">{t('training.sessions.form.courseFailed')}</p>
              </Show>
              <Show when={found.state === 'ready' && found()}>
                {(f) => (
                  <Show
                    when={f().rows.length > 0}
                    fallback={<p class="muted">{t('training.sessions.form.courseNone')}</p>}
                  >
                    <ul class="course-results">
                      <For each={f().rows}>
                        {(r) => (
                          <li>
                            <KindBadge kind={r.kind} />
                            <span class="course-title" lang={dataLang(r.title)}>
                              <Marked pieces={r.titlePieces} />
                            </span>
                            <button
                              type="button"
                              data-action="pick-course"
                              onClick={() => {
                                props.onChange({ seriesId: r.seriesId, title: r.title });
                                setOpen(false);
                              }}
                            >
                              {t('training.sessions.form.coursePick')}
                            </button>
                          </li>
                        )}
                      </For>
                    </ul>
                  </Show>
                )}
              </Show>
            </Show>
          </div>
        }
      >
        <div class="course-chosen">
          <Show
            when={props.value}
            fallback={
              <Show when={props.labels ? props.labels.empty : 'training.sessions.form.courseEmpty'}>
                {(k) => <span class="muted">{t(k())}</span>}
              </Show>
            }
          >
            {(c) => (
              <span class="course-title" lang={dataLang(c().title)} data-testid="course-title">
                {c().title}
              </span>
            )}
          </Show>
          <button type="button" onClick={start} data-action="choose-course">
            {props.value
              ? t('training.sessions.form.courseChange')
              : t(props.labels?.choose ?? 'training.sessions.form.courseChoose')}
          </button>
          <Show when={props.value}>
            <button type="button" class="link" onClick={() => props.onChange(null)}>
              {t('training.sessions.form.courseClear')}
            </button>
          </Show>
        </div>
      </Show>
      <Show when={props.error}>
        {(e) => (
          <p class="field-error" role="alert">
            {e()}
          </p>
        )}
      </Show>
    </fieldset>
  );
}
