/** A question of the bank as its trainers read it, with its actions (Questions.tsx). */
import { For, Match, Show, Switch } from 'solid-js';
import { dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import { dataList, letter, pointsText, QuestionKindBadge, truthName, type Question } from './exams-text.tsx';
import { levelName, Tags, WithData } from './training-text.tsx';

/** A question as its trainers read it: the right options marked (by a tick and in words for a screen reader). */
export function QuestionCard(props: {
  q: Question;
  serviceName: (id: string) => string;
  busy: boolean;
  onEdit: () => void;
  onArchive: (archived: boolean) => void;
}) {
  const q = () => props.q;
  const key = () => q().answer;
  const right = (i: number) => {
    const k = key();
    return 'choices' in k && k.choices.includes(i);
  };
  return (
    <li class="question-card" data-question={q().id} data-kind={q().kind}>
      <div class="card-head">
        <QuestionKindBadge kind={q().kind} />
        <span class="points">{pointsText(q().points)}</span>
        <span class="level muted">{levelName(q().level)}</span>
        <Show when={q().archivedAt}>
          <span class="badge">{t('training.archived')}</span>
        </Show>
      </div>
      <p class="stem" lang={dataLang(q().stem)}>
        {q().stem}
      </p>
      <Switch>
        <Match when={q().kind === 'single' || q().kind === 'multiple'}>
          <ol class="options">
            <For each={q().options}>
              {(o, i) => (
                <li classList={{ right: right(i()) }} data-right={right(i()) ? 'yes' : undefined}>
                  <span class="letter">{letter(i())}</span>
                  <span class="text" lang={dataLang(o)}>
                    {o}
                  </span>
                  <Show when={right(i())}>
                    <span class="right-mark" aria-hidden="true">
                      ✓
                    </span>
                    <span class="visually-hidden">{t('training.questions.rightOption')}</span>
                  </Show>
                </li>
              )}
            </For>
          </ol>
        </Match>
        <Match when={'truth' in key() && key()}>
          {(k) => (
            <p class="key" data-testid="truth">
              {t('training.questions.answerIs')}
              <strong>{truthName((k() as { truth: boolean }).truth)}</strong>
            </p>
          )}
        </Match>
        <Match when={'keywords' in key() && key()}>
          {(k) => {
            const words = () => dataList((k() as { keywords: string[] }).keywords);
            return (
              <p class="key" data-testid="keywords">
                {t('training.questions.keywordsAre')}
                <strong lang={dataLang(words())}>{words()}</strong>
              </p>
            );
          }}
        </Match>
      </Switch>
      <Show when={q().explanation}>
        <p class="explanation muted">
          <WithData say={(slot) => t('training.questions.explanationIs', { text: slot })} data={q().explanation} />
        </p>
      </Show>
      <div class="card-foot">
        <Tags services={q().serviceIds.map((id) => ({ id, name: props.serviceName(id) }))} skills={q().skills} />
        <span class="muted unit" lang={dataLang(q().unitName)}>
          {q().unitName}
        </span>
        <span class="actions">
          <Show
            when={q().archivedAt}
            fallback={
              <>
                <button type="button" onClick={() => props.onEdit()} data-action="edit">
                  {t('training.questions.edit')}
                </button>
                <button type="button" disabled={props.busy} onClick={() => props.onArchive(true)} data-action="archive">
                  {t('training.material.archive')}
                </button>
              </>
            }
          >
            <button type="button" disabled={props.busy} onClick={() => props.onArchive(false)} data-action="restore">
              {t('training.material.restore')}
            </button>
          </Show>
        </span>
      </div>
    </li>
  );
}
