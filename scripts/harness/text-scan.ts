/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * What a user reads on a page, checked as a proof-reader would: text of the other language's script,
 * numbers printed with more digits than the locale shows, raw codes (`alarm.acked`, `COUNTER_BUSY`)
 * where words belong — and, for the screens that must fit one screen, anything outside the viewport.
 *
 * Data is not UI text: a hall called 福田营业厅 stays Chinese in the English console. Such text is
 * marked in the page the way HTML says it should be — an element with the `lang` of its content
 * (`<span lang="zh-CN">福田营业厅</span>`, which also makes a screen reader pronounce it right) — and
 * text a person must read literally (a PIN, a secret, an address) carries `translate="no"`. The scan
 * skips both and nothing else.
 */
import type { Page } from 'playwright-core';

/**
 * Runs `fn(arg)` in the page from its source text: the TypeScript loader may wrap inner functions in a
 * `__name` helper that exists in Node only, so the page gets a harmless one.
 */
function inPage<A>(page: Page, fn: (arg: A) => unknown, arg: A): Promise<unknown> {
  return page.evaluate(`var __name = (f) => f; (${fn.toString()})(${JSON.stringify(arg)})`);
}

export type TextFindingKind = 'other-script' | 'long-number' | 'raw-code';

export interface TextFinding {
  kind: TextFindingKind;
  /** The offending text (the whole text node or attribute, trimmed to 120 characters). */
  text: string;
  /** Where: the element's tag, id and classes, up to three levels. */
  where: string;
}

/** Technical names that are the same in both languages (a protocol, a product). */
const DEFAULT_ALLOWED = [
  'OPC UA',
  'Modbus TCP',
  'MQTT',
  'SSO',
  'PIN',
  'ID',
  'Grafana',
  'InfluxDB',
  'WeCom',
  'DingTalk',
];

/**
 * Scans the rendered text of the page (visible text nodes, options, placeholders, titles and
 * aria-labels) for the page language `lang`.
 */
export async function scanRenderedText(
  page: Page,
  lang: 'zh-CN' | 'en',
  opts: { allow?: string[] } = {},
): Promise<TextFinding[]> {
  const allow = [...DEFAULT_ALLOWED, ...(opts.allow ?? [])];
  const findings = (await inPage(
    page,
    ({ lang, allow }: { lang: string; allow: string[] }) => {
      const pageLang = lang.toLowerCase().slice(0, 2);
      const out: Array<{ kind: string; text: string; where: string }> = [];
      const where = (el: Element | null) => {
        const parts: string[] = [];
        for (let e = el, i = 0; e && i < 3; e = e.parentElement, i++)
          parts.unshift(
            `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${[...e.classList]
              .slice(0, 2)
              .map((c) => `.${c}`)
              .join('')}`,
          );
        return parts.join(' > ');
      };
      const exempt = (el: Element | null) => {
        if (!el) return true;
        if (el.closest('[translate="no"], script, style, noscript, template')) return true;
        const langEl = el.closest('[lang]');
        const elLang = (langEl?.getAttribute('lang') ?? pageLang).toLowerCase().slice(0, 2);
        return elLang !== pageLang;
      };
      const visible = (el: Element) => {
        if (el.closest('option, select')) return true;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.display === 'none') return false;
        const r = el.getBoundingClientRect();
        // Screen-reader-only text is read to a user too.
        return r.width > 0 || r.height > 0 || style.position === 'absolute';
      };
      const check = (raw: string, el: Element) => {
        let text = raw.replace(/\s+/g, ' ').trim();
        if (!text) return;
        for (const a of allow) text = text.split(a).join(' ');
        const say = (kind: string) => out.push({ kind, text: raw.trim().slice(0, 120), where: where(el) });
        // The other language's script: Han characters in the English UI; two English words in a row
        // (a sentence or a phrase) in the Chinese UI.
        if (pageLang === 'en' ? /\p{Script=Han}/u.test(text) : /[A-Za-z]{2,}[ ,:;]+[A-Za-z]{2,}/.test(text))
          say('other-script');
        // More digits than a locale prints: 53.684016666666665, or an ungrouped 5+ digit number.
        if (/\d\.\d{3,}/.test(text) || /(^|[^\w.,:/-])\d{5,}(?![\w.,:/-])/u.test(text)) say('long-number');
        // A code where words belong: alarm.acked, user.role-granted, counter_busy, COUNTER_BUSY.
        if (
          /(^|[^\w.@/-])[a-z]+(\.[a-z]+(-[a-z]+)*)+(?![\w@/.-])/.test(text) ||
          /(^|[^\w])[a-z]+_[a-z_]+($|[^\w])/.test(text) ||
          /(^|[^\w])[A-Z]{2,}_[A-Z_]+($|[^\w])/.test(text)
        )
          say('raw-code');
      };
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || exempt(el) || !visible(el)) continue;
        check(n.textContent ?? '', el);
      }
      for (const el of document.body.querySelectorAll('[placeholder], [title], [aria-label]')) {
        if (exempt(el) || !visible(el)) continue;
        for (const attr of ['placeholder', 'title', 'aria-label']) {
          const v = el.getAttribute(attr);
          if (v) check(v, el);
        }
      }
      if (!exempt(document.documentElement) && document.title) check(document.title, document.documentElement);
      return out;
    },
    { lang, allow },
  )) as TextFinding[];
  return findings;
}

export interface LayoutFinding {
  kind: 'horizontal-overflow' | 'vertical-overflow' | 'outside-viewport';
  where: string;
  /** The element's box or the document's size, in CSS pixels. */
  box: { left: number; top: number; right: number; bottom: number };
}

/**
 * Layout faults a user sees without scrolling: a page wider than the screen (always a fault), and with
 * `fitScreen` (the wall screen, which nobody scrolls) a page taller than the screen or any visible
 * element reaching outside it.
 */
export async function layoutFindings(page: Page, opts: { fitScreen?: boolean } = {}): Promise<LayoutFinding[]> {
  return (await inPage(
    page,
    ({ fitScreen }: { fitScreen: boolean }) => {
      const out: Array<{ kind: string; where: string; box: Record<string, number> }> = [];
      const w = window.innerWidth;
      const h = window.innerHeight;
      const doc = document.documentElement;
      const box = (r: { left: number; top: number; right: number; bottom: number }) => ({
        left: Math.round(r.left),
        top: Math.round(r.top),
        right: Math.round(r.right),
        bottom: Math.round(r.bottom),
      });
      if (doc.scrollWidth > w + 1)
        out.push({
          kind: 'horizontal-overflow',
          where: 'document',
          box: box({ left: 0, top: 0, right: doc.scrollWidth, bottom: doc.scrollHeight }),
        });
      if (!fitScreen) return out;
      if (doc.scrollHeight > h + 1)
        out.push({
          kind: 'vertical-overflow',
          where: 'document',
          box: box({ left: 0, top: 0, right: doc.scrollWidth, bottom: doc.scrollHeight }),
        });
      for (const el of document.body.querySelectorAll('*')) {
        const style = getComputedStyle(el);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        // Text cut by an ancestor that clips (overflow hidden) is outside what the user sees too.
        if (r.left < -1 || r.top < -1 || r.right > w + 1 || r.bottom > h + 1) {
          const id = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')}`;
          out.push({ kind: 'outside-viewport', where: id, box: box(r) });
        }
      }
      return out;
    },
    { fitScreen: opts.fitScreen ?? false },
  )) as LayoutFinding[];
}
