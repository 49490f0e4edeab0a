/**
 * A clerk's assessments on their phone (/me/assessments): every sheet of theirs, newest first, with
 * the total, the stage and what waits for them.
 */
import { A } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import { api } from '../../../api.ts';
import { Loaded } from '../../../components/States.tsx';
import { dataLang } from '../../../format.ts';
import { t } from '../../../i18n.ts';
import { periodText, scoreText, stageName, when } from './cycle-text.tsx';
import './cycles.css';

export default function MyAssessmentsPage() {
  const [mine, { refetch }] = createResource(() => api.cycles.mine.query());
  return (
    <section class="my-assessments">
      <h1>{t('cycles.me.title')}</h1>
      <Loaded of={mine} retry={() => void refetch()} notFound="cycles.me.notLinked">
        {(list) => (
          <Show when={list().length > 0} fallback={<p class="empty">{t('cycles.me.none')}</p>}>
            <ul class="sheet-list">
              <For each={list()}>
                {(s) => (
                  <li class="sheet-card" data-sheet={s.id}>
                    <A href={`/me/assessments/${s.id}`} lang={dataLang(s.cycleName)}>
                      {s.cycleName}
                    </A>
                    <p class="muted">{periodText(s.from, s.to)}</p>
                    <p>
                      {t('cycles.me.total')} <strong>{scoreText(s.total)}</strong> ·{' '}
                      {s.status === 'final' ? t('cycles.status.final') : stageName(s.stage)}
                      <Show when={s.status === 'open' && s.stageDueAt}>
                        {' '}
                        · {t('cycles.dueAt', { at: when(s.stageDueAt) })}
                      </Show>
                    </p>
                    <Show when={s.actionNeeded}>
                      <span class="badge warning">{t('cycles.me.action')}</span>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Loaded>
    </section>
  );
}
