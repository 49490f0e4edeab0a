/** The in-hall pages' strings (wall screen, rating pad, counter terminal); the language is lang.ts's. */
import { formatIn, translator, type Lang } from './lang.ts';
import { en } from './messages/en.ts';
import { zhCN, type MessageKey } from './messages/zh-CN.ts';

export { lang, setLang, type Lang } from './lang.ts';

const catalogs: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export const format = (lang: Lang, key: MessageKey, params: Record<string, string | number> = {}) =>
  formatIn(catalogs[lang], key, params);
export const t = translator(catalogs);
