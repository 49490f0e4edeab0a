/**
 * Languages: zh-CN first, English second. Every string lives in the message files; `?lang=en` or the
 * switch (remembered in localStorage) picks the language.
 */
import { createSignal } from 'solid-js';
import { en } from './messages/en.ts';
import { zhCN, type MessageKey } from './messages/zh-CN.ts';

export type Lang = 'zh-CN' | 'en';
const catalogs: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export function format(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return catalogs[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

function initialLang(): Lang {
  if (typeof window === 'undefined') return 'zh-CN';
  const asked = new URLSearchParams(window.location.search).get('lang') ?? window.localStorage.getItem('hall.lang');
  return asked === 'en' ? 'en' : 'zh-CN';
}

const [lang, setLangSignal] = createSignal<Lang>(initialLang());
export { lang };

export function setLang(next: Lang) {
  setLangSignal(next);
  window.localStorage.setItem('hall.lang', next);
  document.documentElement.lang = next;
}

export const t = (key: MessageKey, params?: Record<string, string | number>) => format(lang(), key, params);
