/** The rating pad's screen: five large score buttons (with words, not only stars), skip, thanks. */
import { For, Match, Switch } from 'solid-js';
import { t } from '../../lib/i18n.ts';
import type { LinkState } from '../lib/live.ts';
import { LangSwitch, Name } from '../lib/names.tsx';
import type { PadView } from './pad-machine.ts';

/** Why the pad cannot ask: not paired, its credentials refused, or too many attempts for now. */
export type PadRefusal =
  { kind: 'unpaired' } | { kind: 'refused'; device: string } | { kind: 'limited'; seconds: number };

export interface RatingPadProps {
  view: PadView;
  link: LinkState;
  refusal: PadRefusal | null;
  counterName: string;
  onScore: (score: number | null) => void;
}

export function RatingPad(props: RatingPadProps) {
  const labels = () => t('pad.scoreLabels').split('|');
  return (
    <main class="pad">
      <h1 class="visually-hidden">{t('pad.title')}</h1>
      <Switch>
        <Match when={props.refusal} keyed>
          {(r) => (
            <section class="pad-refused">
              <p class="pad-message" role="alert">
                {r.kind === 'unpaired'
                  ? t('pad.unpaired')
                  : r.kind === 'refused'
                    ? t('pad.refused')
                    : t('pad.limited', { seconds: r.seconds })}
              </p>
              {r.kind === 'refused' && (
                <p class="pad-technician">
                  {t('pad.refusedHint')} <span translate="no">{r.device}</span>
                </p>
              )}
            </section>
          )}
        </Match>
        <Match when={props.view.kind === 'asking' && props.view} keyed>
          {(v) => (
            <section class="pad-ask" aria-labelledby="pad-question">
              <h2 id="pad-question">{t('pad.question')}</h2>
              <p class="pad-who">
                <Name text={props.counterName} /> ·{' '}
                <Name text={v.kind === 'asking' ? (v.prompt.staffName ?? v.prompt.staffId) : ''} />
              </p>
              <div class="pad-scores">
                <For each={[1, 2, 3, 4, 5]}>
                  {(n) => (
                    <button
                      type="button"
                      class="pad-score"
                      data-score={n}
                      aria-label={`${t('pad.score', { n })} ${labels()[n - 1] ?? ''}`}
                      onClick={() => props.onScore(n)}
                    >
                      <span class="pad-stars" aria-hidden="true">
                        {'★'.repeat(n)}
                      </span>
                      <span class="pad-label">{labels()[n - 1]}</span>
                    </button>
                  )}
                </For>
              </div>
              <button type="button" class="pad-skip" onClick={() => props.onScore(null)}>
                {t('pad.skip')}
              </button>
            </section>
          )}
        </Match>
        <Match when={props.view.kind === 'thanks'}>
          <p class="pad-message pad-thanks" role="status">
            {t('pad.thanks')}
          </p>
        </Match>
        <Match when={props.view.kind === 'idle'}>
          <section class="pad-idle">
            <p class="pad-message">{t('pad.idle')}</p>
            <p>{t('pad.idleHint')}</p>
            <p class="pad-link" role="status" data-state={props.link}>
              {props.link === 'live' ? (
                <Name text={props.counterName} />
              ) : (
                t(props.link === 'connecting' ? 'pad.pairing' : `link.${props.link}`)
              )}
            </p>
          </section>
        </Match>
      </Switch>
      <LangSwitch class="pad-lang" />
    </main>
  );
}
