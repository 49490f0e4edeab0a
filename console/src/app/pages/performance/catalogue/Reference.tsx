/**
 * The formula's reference: every fact (its label in the UI's language, unit and where it is measured)
 * and every function, each inserted at the cursor with a click; the operators in one line.
 */
import { createSignal, For } from 'solid-js';
import type { Outputs } from '../../../api.ts';
import { lang, t, type ConsoleKey } from '../../../i18n.ts';
import { CODE, CodeSentence } from './CodeSentence.tsx';

type Reference = Outputs['kpis']['reference'];

export function ReferencePanel(props: { reference: Reference; insert: (text: string, caretBack?: number) => void }) {
  const [q, setQ] = createSignal('');
  const facts = () => {
    const s = q().trim().toLowerCase();
    return props.reference.facts.filter(
      (f) => !s || f.id.includes(s) || f.zh.includes(s) || f.en.toLowerCase().includes(s),
    );
  };
  const sources = () => [...new Set(facts().map((f) => f.source))];
  return (
    <aside class="panel reference" aria-label={t('catalogue.ref.title')}>
      <h2>{t('catalogue.ref.title')}</h2>
      <input
        type="search"
        placeholder={t('catalogue.ref.filter')}
        aria-label={t('catalogue.ref.filter')}
        value={q()}
        onInput={(e) => setQ(e.currentTarget.value)}
      />
      <p class="muted">
        <CodeSentence
          text={t('catalogue.ref.hallPrefix', { prefix: CODE, example: CODE })}
          code={['hall_', 'hall_ratings']}
        />
      </p>
      <h3>{t('catalogue.ref.functions')}</h3>
      <For each={props.reference.functions}>
        {(f) => (
          <button type="button" class="insert" data-insert={f.name} onClick={() => props.insert(`${f.name}()`, 1)}>
            <span>{t(`catalogue.fn.${f.name}` as ConsoleKey)}</span>
            <code translate="no">{f.name}()</code>
          </button>
        )}
      </For>
      <p class="muted">
        {t('catalogue.ref.operators')}
        <code class="ops" translate="no">
          + - * / ^ &lt; &lt;= &gt; &gt;= == != and or not a ? b : c
        </code>
      </p>
      <For each={sources()}>
        {(source) => (
          <>
            <h3>
              {t('catalogue.ref.facts')} · {t(`catalogue.source.${source}` as ConsoleKey)}
            </h3>
            <For each={facts().filter((f) => f.source === source)}>
              {(f) => (
                <button type="button" class="insert" data-insert={f.id} onClick={() => props.insert(f.id)}>
                  <span>
                    {lang() === 'zh-CN'
                      ? `${f.zh}（${t(`catalogue.factUnit.${f.unit}` as ConsoleKey)}）`
                      : `${f.en} (${t(`catalogue.factUnit.${f.unit}` as ConsoleKey)})`}
                  </span>
                  <code translate="no">{f.id}</code>
                </button>
              )}
            </For>
          </>
        )}
      </For>
    </aside>
  );
}
