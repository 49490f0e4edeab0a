/**
 * A sentence of the console's catalog with pieces of formula language in it (a fact's name, the token
 * at fault): the pieces are shown as code — not translated, and not read as words of the sentence.
 */
import { For, Show } from 'solid-js';

/** Stands for a piece of code in a message's parameters; replaced by the pieces in order. */
export const CODE = '\u0001';

export function CodeSentence(props: { text: string; code: readonly string[] }) {
  const parts = () => props.text.split(CODE);
  return (
    <For each={parts()}>
      {(part, i) => (
        <>
          {part}
          <Show when={i() < parts().length - 1}>
            <code translate="no">{props.code[i()] ?? ''}</code>
          </Show>
        </>
      )}
    </For>
  );
}
