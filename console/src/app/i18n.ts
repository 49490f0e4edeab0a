/** The console's strings (zh-CN first); the language is shared with the in-hall pages (lib/lang.ts). */
import { translator, type Lang } from '../lib/lang.ts';
import { en } from './messages/en.ts';
import { zhCN, type ConsoleKey } from './messages/zh-CN.ts';

export { lang, setLang } from '../lib/lang.ts';
export type { ConsoleKey };

const catalogs: Record<Lang, Record<ConsoleKey, string>> = { 'zh-CN': zhCN, en };
export const t = translator(catalogs);
