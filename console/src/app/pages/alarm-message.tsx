/**
 * An alarm's sentence in the UI's language (devices/alarm-text.ts), with the names in it (a service's,
 * a device's, a counter's) marked with their own language: 话费业务 stays Chinese in the English
 * console, and a screen reader reads it as Chinese.
 */
import { alarmText } from '@hall/devices/alarm-text';
import { For, type JSX } from 'solid-js';
import { alarmFigures, dataLang } from '../format.ts';

const MARK = '\u0001';

/** The sentence as parts: text of the UI, and names with the language of their content. */
export function alarmParts(
  rule: string,
  params: Record<string, string | number | null> | null | undefined,
  lang: 'zh-CN' | 'en',
  fallback: string,
): Array<{ text: string; name: boolean }> {
  const figures = alarmFigures(params);
  if (!figures) return [{ text: alarmText(rule, figures, lang, fallback), name: false }];
  // Names are the parameters that are text; the sentence is built with markers around them.
  const names = new Map<string, string>();
  const marked = Object.fromEntries(
    Object.entries(figures).map(([k, v]) => {
      if (typeof v !== 'string' || !params || typeof params[k] !== 'string') return [k, v];
      names.set(k, v);
      return [k, `${MARK}${k}${MARK}`];
    }),
  );
  const text = alarmText(rule, marked, lang, fallback);
  return text
    .split(MARK)
    .map((part, i) => (i % 2 === 1 ? { text: names.get(part) ?? part, name: true } : { text: part, name: false }))
    .filter((p) => p.text !== '');
}

export function AlarmMessage(props: {
  rule: string;
  params: Record<string, string | number | null> | null;
  lang: 'zh-CN' | 'en';
  fallback: string;
}): JSX.Element {
  return (
    <For each={alarmParts(props.rule, props.params, props.lang, props.fallback)}>
      {(p) => (p.name ? <span lang={dataLang(p.text)}>{p.text}</span> : p.text)}
    </For>
  );
}
