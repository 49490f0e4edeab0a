/**
 * The on-site checklists a telecom hall starts with (seeded once, at the root of the org tree, by
 * `onsite.seedDefaults`): the counter-service checklist scored on a clerk at a counter, and the hall
 * environment checklist. Managers change them as configuration (a change is a new version).
 */
import type { ChecklistTemplate } from '@hall/devices';

type Item = ChecklistTemplate['sections'][number]['items'][number];
const pf = (
  id: string,
  zh: string,
  en: string,
  points: number,
  o: { critical?: boolean; photo?: boolean } = {},
): Item => ({
  id,
  zh,
  en,
  kind: 'pass-fail',
  points,
  critical: o.critical ?? false,
  photoOnFail: o.photo ?? false,
});
const pts = (id: string, zh: string, en: string, points: number, o: { photo?: boolean } = {}): Item => ({
  id,
  zh,
  en,
  kind: 'points',
  points,
  critical: false,
  photoOnFail: o.photo ?? false,
});

export const DEFAULT_TEMPLATES: readonly Omit<ChecklistTemplate, 'version'>[] = [
  {
    id: 'counter-service',
    zh: '柜面服务规范',
    en: 'Counter service',
    subject: 'clerk',
    sections: [
      {
        id: 'manner',
        zh: '服务礼仪',
        en: 'Manner',
        items: [
          pf('greet', '起身迎客', 'Stands to greet the customer', 10),
          pf('cash-aloud', '唱收唱付', 'Says the amounts received and paid aloud', 10),
          pf('two-hands', '双手递交', 'Hands documents over with both hands', 10),
          pts('smile', '微笑服务、用语规范', 'Smiles, uses the standard phrases', 10),
        ],
      },
      {
        id: 'compliance',
        zh: '业务合规',
        en: 'Compliance',
        items: [
          pf('id-check', '身份核验（实名制）', "Checks the customer's ID (real-name rule)", 20, {
            critical: true,
            photo: true,
          }),
          pf('privacy', '客户信息保密（屏幕、单据不外露）', 'Keeps customer data private (screen, papers)', 20, {
            critical: true,
            photo: true,
          }),
        ],
      },
      {
        id: 'appearance',
        zh: '仪容与柜面',
        en: 'Appearance and counter',
        items: [
          pf('badge', '工牌佩戴', 'Wears the name badge', 5, { photo: true }),
          pf('uniform', '着装统一', 'Wears the uniform', 5),
          pts('tidy', '柜面整洁', 'Tidy counter', 10, { photo: true }),
        ],
      },
    ],
  },
  {
    id: 'hall-environment',
    zh: '营业厅环境检查',
    en: 'Hall environment',
    subject: 'hall',
    sections: [
      {
        id: 'equipment',
        zh: '设备',
        en: 'Equipment',
        items: [
          pf('ticket-machine', '取号机可用', 'Ticket machine works', 15, { critical: true, photo: true }),
          pf('screens', '叫号屏、评价器正常', 'Call screens and rating pads work', 10, { photo: true }),
        ],
      },
      {
        id: 'space',
        zh: '环境',
        en: 'Premises',
        items: [
          pf('materials', '宣传物料摆放规范', 'Promotional materials in place', 10, { photo: true }),
          pts('waiting-area', '等候区整洁', 'Waiting area clean and tidy', 15, { photo: true }),
          pf('signage', '业务指引标识清晰', 'Service signs clear', 10),
        ],
      },
      {
        id: 'people',
        zh: '人员',
        en: 'People',
        items: [
          pf('guide', '引导员在岗', 'Floor guide on duty', 15, { photo: true }),
          pf('opening-hours', '按时开门营业', 'Opened on time', 10),
        ],
      },
    ],
  },
];
