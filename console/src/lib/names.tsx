/**
 * Names are data in their own language (福田营业厅 stays Chinese in the English UI): each is marked with
 * the `lang` of its content, so a screen reader says it right and a proof-reader knows it is not a
 * missing translation. Ids and numbers a person must read literally carry `translate="no"`. Shared by
 * the in-hall pages and the console.
 */
import { alarmSegments, type AlarmParams } from '@hall/devices/alarm-text';
import { For, type JSX } from 'solid-js';
import { nameLang, type Lang } from './lang.ts';

export { nameLang };

/** A name (hall, service, counter, staff) in its own language. */
export function Name(props: { text: string | null | undefined; class?: string; testId?: string }): JSX.Element {
  return (
    <span class={props.class} lang={nameLang(props.text)} data-testid={props.testId}>
      {props.text ?? ''}
    </span>
  );
}

/** An alarm said in `lang` from its rule and figures, names and ids marked. */
export function AlarmText(props: {
  rule: string;
  params: AlarmParams | null | undefined;
  message: string;
  lang: Lang;
}): JSX.Element {
  return (
    <For each={alarmSegments(props.rule, props.params, props.lang, props.message)}>
      {(s) =>
        s.kind === 'text' ? s.text : s.kind === 'data' ? <Name text={s.text} /> : <span translate="no">{s.text}</span>
      }
    </For>
  );
}
