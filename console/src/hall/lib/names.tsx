/**
 * The in-hall pages' language switch; names and alarm texts are marked by lib/names.tsx (shared with the console).
 */
import type { JSX } from 'solid-js';
import { lang, setLang, t, type Lang } from '../../lib/i18n.ts';

export { AlarmText, Name, nameLang } from '../../lib/names.tsx';

/** The language switch: names the other language in that language (中文 / English), marked as such. */
export function LangSwitch(props: { class?: string }): JSX.Element {
  const other = (): Lang => (lang() === 'zh-CN' ? 'en' : 'zh-CN');
  return (
    <button type="button" class={props.class} onClick={() => setLang(other())}>
      <span lang={other()}>{t('lang.switch')}</span>
    </button>
  );
}
