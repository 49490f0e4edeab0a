/**
 * Languages: zh-CN first, English second. Every string lives in a message catalog; `?lang=en` or the
 * switch (remembered in localStorage) picks the language. The in-hall pages and the console keep their
 * own catalogs (the pages stay small), each made into a `t` by `translator`.
 */
import { createSignal } from 'solid-js';

export type Lang = 'zh-CN' | 'en';

export function formatIn<K extends string>(
  catalog: Record<K, string>,
  key: K,
  params: Record<string, string | number> = {},
): string {
  return catalog[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
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

/** A `t` over a pair of catalogs, following the language signal. */
export const translator =
  <K extends string>(catalogs: Record<Lang, Record<K, string>>) =>
  (key: K, params?: Record<string, string | number>) =>
    formatIn(catalogs[lang()], key, params);

/** The language of a name: Chinese when it has Han characters, English when it has Latin letters only. */
export function nameLang(text: string | null | undefined): Lang | undefined {
  if (!text) return undefined;
  if (/\p{Script=Han}/u.test(text)) return 'zh-CN';
  return /[A-Za-z]{2,}/.test(text) ? 'en' : undefined;
}
