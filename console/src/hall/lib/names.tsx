/**
 * Names are data in their own language (福田营业厅 stays Chinese in the English UI): each is marked with
 * the `lang` of its content, so a screen reader says it right and a proof-reader knows it is not a
 * missing translation. Ids and numbers a person must read literally carry `translate="no"`.
 */
import { alarmSegments, type AlarmParams } from '@hall/devices/alarm-text';
import { For, type JSX } from 'solid-js';
import { lang, setLang, t, type Lang } from '../../lib/i18n.ts';

/** The language of a name: Chinese when it has Han characters, English when it has Latin letters only. */
export function nameLang(text: string | null | undefined): Lang | undefined {
  if (!text) return undefined;
  if (/\p{Script=Han}/u.test(text)) return 'zh-CN';
  return /[A-Za-z]{2,}/.test(text) ? 'en' : undefined;
}

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

/** The language switch: names the other language in that language (中文 / English), marked as such. */
export function LangSwitch(props: { class?: string }): JSX.Element {
  const other = (): Lang => (lang() === 'zh-CN' ? 'en' : 'zh-CN');
  return (
    <button type="button" class={props.class} onClick={() => setLang(other())}>
      <span lang={other()}>{t('lang.switch')}</span>
    </button>
  );
}
