/**
 * The text of a PDF, for the training library's search (unpdf: a serverless build of Mozilla's pdf.js,
 * maintained by the unjs project; no native code, no canvas). Bounded: at most `maxPages` pages are read
 * and at most `maxChars` characters kept. Run it where a hostile file costs nothing but itself — the
 * training module calls it from a background job in a worker thread (a hang or an exhausted heap ends
 * that job, not the cloud). No database here.
 */
import { getDocumentProxy } from 'unpdf';
import { MAX_INDEX_CHARS } from './chinese.ts';

export const MAX_PDF_PAGES = 500;

export interface PdfText {
  /** Pages in the file (all of them, also those beyond `maxPages`). */
  pages: number;
  /** The pages read, one after the other, each page's lines joined by a newline. */
  text: string;
  /** True when pages or characters were left out. */
  cut: boolean;
}

/** Lines shorter than this end where their author ended them (headings, list items). */
const WRAPPED_LINE = 16;
const HAN_END = /(\p{Script=Han}|[，、；：“”（）])$/u;
const HAN_START = /^(\p{Script=Han}|[，。、；：”）])/u;

/** Joins lines of Chinese that a page's width broke; a short line keeps its break. */
export function joinWrapped(text: string): string {
  const lines = text.split('\n');
  let out = lines[0] ?? '';
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1] as string;
    const line = lines[i] as string;
    out += prev.length >= WRAPPED_LINE && HAN_END.test(prev) && HAN_START.test(line) ? line : `\n${line}`;
  }
  return out;
}

export async function pdfText(bytes: Uint8Array, o: { maxPages?: number; maxChars?: number } = {}): Promise<PdfText> {
  const maxPages = o.maxPages ?? MAX_PDF_PAGES;
  const maxChars = o.maxChars ?? MAX_INDEX_CHARS;
  // pdf.js takes the buffer over (it may detach it): give it a copy, the caller's bytes stay whole.
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false });
  try {
    const pages = pdf.numPages;
    const parts: string[] = [];
    let length = 0;
    let cut = pages > maxPages;
    for (let n = 1; n <= Math.min(pages, maxPages); n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const text = content.items
        .map((i) => ('str' in i ? i.str + (i.hasEOL ? '\n' : '') : ''))
        .join('')
        .trim();
      page.cleanup();
      if (!text) continue;
      parts.push(text);
      length += text.length + 1;
      if (length >= maxChars) {
        cut = true;
        break;
      }
    }
    // A line of Chinese broken by the page's width is one line again (宣传海报应 / 张贴 → 宣传海报应张贴):
    // the words across the break are found, and an excerpt reads as the paragraph did. A short line (a
    // heading: 第三章 营业厅环境) keeps its break.
    const text = joinWrapped(parts.join('\n'));
    return { pages, text: text.slice(0, maxChars), cut: cut || text.length > maxChars };
  } finally {
    await pdf.destroy();
  }
}
