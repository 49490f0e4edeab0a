/**
 * The formula field: the text, checked by the cloud as it is typed (a pause of 300 ms), with the error
 * underlined where it is and said in words (the cloud's detail code with position and token), or the
 * facts the formula uses when it is valid.
 */
import { createEffect, createSignal, on, onCleanup, Show } from 'solid-js';
import { api, errorMessage, type Outputs } from '../../../api.ts';
import { t, type ConsoleKey } from '../../../i18n.ts';
import { CODE, CodeSentence } from './CodeSentence.tsx';

export type Validation = Outputs['kpis']['validate'];

export function useFormulaCheck(formula: () => string) {
  const [result, setResult] = createSignal<Validation | null>(null);
  const [failure, setFailure] = createSignal<string | null>(null);
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  createEffect(
    on(formula, (f) => {
      clearTimeout(timer);
      const mine = ++seq;
      setResult(null);
      timer = setTimeout(() => {
        api.kpis.validate
          .query({ formula: f })
          .then((r) => {
            if (mine === seq) {
              setResult(r);
              setFailure(null);
            }
          })
          .catch((err: unknown) => mine === seq && setFailure(errorMessage(err)));
      }, 300);
    }),
  );
  onCleanup(() => clearTimeout(timer));
  return { result, failure };
}

export function FormulaField(props: {
  value: string;
  onInput: (v: string) => void;
  check: Validation | null;
  failure: string | null;
  ref: (el: HTMLTextAreaElement) => void;
}) {
  const error = () => (props.check && !props.check.ok ? props.check.error : null);
  return (
    <div class="formula-field">
      <label>
        {t('catalogue.field.formula')}
        <textarea
          ref={props.ref}
          name="formula"
          rows={3}
          spellcheck={false}
          autocomplete="off"
          maxLength={1000}
          value={props.value}
          aria-invalid={error() ? 'true' : 'false'}
          aria-describedby="formula-status"
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      </label>
      <Show when={error()}>
        {(e) => {
          const at = () => Math.min(e().position, props.value.length);
          const len = () => Math.max(1, e().token.length);
          return (
            <p class="formula-mirror" aria-hidden="true" translate="no" data-error-position={e().position}>
              {props.value.slice(0, at())}
              <mark title={t('catalogue.formula.errorAt')}>{props.value.slice(at(), at() + len()) || ' '}</mark>
              {props.value.slice(at() + len())}
            </p>
          );
        }}
      </Show>
      <p id="formula-status" class="status" role="status" aria-live="polite">
        <Show when={props.failure} fallback={<FormulaStatus check={props.check} />}>
          <span class="error">{props.failure}</span>
        </Show>
      </p>
      <p class="muted">{t('catalogue.formula.hint')}</p>
    </div>
  );
}

function FormulaStatus(props: { check: Validation | null }) {
  return (
    <Show when={props.check} fallback={<span class="muted">{t('catalogue.formula.checking')}</span>}>
      {(c) => {
        const r = c();
        if (!r.ok && r.error.code === 'kpi-formula-syntax' && r.error.token === '')
          return <span class="error formula-error">{t('catalogue.formula.endsEarly')}</span>;
        return r.ok ? (
          <span class="ok">
            <CodeSentence text={t('catalogue.formula.ok', { names: CODE })} code={[r.uses.join(', ') || '—']} />
          </span>
        ) : (
          <span class="error formula-error">
            <CodeSentence
              text={t(`error.detail.${r.error.code}` as ConsoleKey, {
                position: r.error.position,
                column: r.error.column,
                token: CODE,
              })}
              code={[r.error.token]}
            />
          </span>
        );
      }}
    </Show>
  );
}
