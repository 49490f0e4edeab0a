/**
 * The console's strings (zh-CN first); the language is shared with the in-hall pages (lib/lang.ts).
 * A message may choose a word by a count's plural category: `{n|event|events}` says "1 event" and
 * "3 events" in English (Intl.PluralRules; Chinese has one form, and its messages need none).
 */
import { lang, translator, type Lang } from '../lib/lang.ts';
import { en } from './messages/en.ts';
import { zhCN, type ConsoleKey } from './messages/zh-CN.ts';

export { lang, setLang } from '../lib/lang.ts';
export type { ConsoleKey };

const catalogs: Record<Lang, Record<ConsoleKey, string>> = { 'zh-CN': zhCN, en };
const plain = translator(catalogs);

/** The count a parameter stands for, also when it was formatted already ("1,673"). */
const countOf = (v: string | number | undefined) =>
  typeof v === 'number' ? v : Number(String(v ?? '').replace(/[^\d.-]/g, ''));

export function t(key: ConsoleKey, params?: Record<string, string | number>): string {
  const text = plain(key, params);
  if (!text.includes('|')) return text;
  const rules = new Intl.PluralRules(lang());
  return text.replace(/\{(\w+)\|([^|}]*)\|([^}]*)\}/g, (_, name: string, one: string, other: string) =>
    rules.select(countOf(params?.[name])) === 'one' ? one : other,
  );
}
