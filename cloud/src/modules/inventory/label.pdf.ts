/**
 * The shipment label (发货标签): an A6 page stuck on the parcel — a QR code of the receipt's address
 * (`<origin>/inventory/transfers/<id>/receive?t=<labelToken>`, which the hall scans to receive), the
 * transfer's number, from → to, the lines with their shipped quantities and when it was printed. Printed
 * through the daily report's printer (reports/report.pdf.ts `renderPdf`: the embedded CJK font, no file
 * or URL access).
 */
import { renderPdf } from '../reports/report.pdf.ts';

export type LabelLang = 'zh-CN' | 'en';

export interface LabelInput {
  id: number;
  /** The address the QR code holds. */
  url: string;
  from: string;
  to: string;
  lines: Array<{ name: string; unit: string; qty: number }>;
  /** The printing moment, already in the hall's words and time zone ("2026-11-27 14:05"). */
  printedAt: string;
}

const TEXT = {
  'zh-CN': {
    title: '物料调拨 · 发货标签',
    number: '调拨单',
    from: '发出',
    to: '收货',
    item: '物料',
    qty: '数量',
    scan: '收货时请扫码，逐行登记完好与破损数量',
    printed: '打印于',
    file: '标签',
  },
  en: {
    title: 'Materials transfer · shipping label',
    number: 'Transfer',
    from: 'From',
    to: 'To',
    item: 'Material',
    qty: 'Quantity',
    scan: 'Scan on arrival to record what arrived good and damaged',
    printed: 'Printed',
    file: 'label',
  },
} as const;

const GREY = '#57606a';

export const labelNumber = (id: number) => `#${id}`;

export function labelFileName(id: number, lang: LabelLang) {
  return lang === 'zh-CN' ? `调拨单${id}-${TEXT[lang].file}.pdf` : `transfer-${id}-${TEXT[lang].file}.pdf`;
}

/** The pdfmake document of a label (exported for tests that read the QR code's text without rendering). */
export function labelDocument(label: LabelInput, lang: LabelLang) {
  const x = TEXT[lang];
  const qty = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  return {
    pageSize: 'A6',
    pageMargins: [18, 18, 18, 18],
    info: { title: `${x.title} ${labelNumber(label.id)}`, creator: 'Hall Operations Platform' },
    defaultStyle: { font: 'Sans', fontSize: 8, lineHeight: 1.15 },
    content: [
      { text: x.title, fontSize: 9, color: GREY },
      { text: `${x.number} ${labelNumber(label.id)}`, fontSize: 20, margin: [0, 2, 0, 4] },
      {
        columns: [
          { qr: label.url, fit: 110, eccLevel: 'M', width: 'auto' },
          {
            width: '*',
            margin: [8, 0, 0, 0],
            stack: [
              { text: x.from, color: GREY },
              { text: label.from, fontSize: 11, margin: [0, 0, 0, 4] },
              { text: x.to, color: GREY },
              { text: label.to, fontSize: 13, margin: [0, 0, 0, 6] },
              { text: x.scan, color: GREY, fontSize: 7 },
            ],
          },
        ],
        margin: [0, 0, 0, 8],
      },
      {
        table: {
          headerRows: 1,
          widths: ['*', 'auto'],
          body: [
            [
              { text: x.item, color: GREY },
              { text: x.qty, color: GREY, alignment: 'right' },
            ],
            ...label.lines.map((l) => [
              l.name,
              { text: `${qty.format(l.qty)} ${l.unit}`, alignment: 'right', noWrap: true },
            ]),
          ],
        },
        layout: 'lightHorizontalLines',
      },
      { text: `${x.printed} ${label.printedAt}`, color: GREY, fontSize: 7, margin: [0, 6, 0, 0] },
    ],
  };
}

export async function renderLabelPdf(label: LabelInput, lang: LabelLang): Promise<Buffer> {
  return renderPdf(labelDocument(label, lang));
}
