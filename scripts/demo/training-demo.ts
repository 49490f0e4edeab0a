/**
 * The demo's training library (人员培训), made through the cloud's API at the first start, as a trainer at
 * HQ works: policy notes (宣传海报张贴规范 in two versions, 投诉处理话术, 携号转网须知, …), PDF handbooks written
 * here (generated text, no copyrighted content; the cloud extracts their text in its `training.extract`
 * job, so they are searchable inside) and a display picture. The trainer's account goes to
 * `training-accounts.json` beside the other demo accounts. Made once: a start that finds the library
 * non-empty makes nothing.
 */
import { randomBytes } from 'node:crypto';
import { renderPdf } from '@hall/cloud/pdf';
import { signInApi, type CloudApi } from '@hall/scripts/harness/cloud-api';
import { flatPicture } from './demo-png.ts';

export interface TrainingDemoAccount {
  username: string;
  password: string;
  role: string;
  unit: string;
}

type Upload = (bytes: Uint8Array) => Promise<string | null>;

interface Note {
  title: string;
  summary: string;
  body: string;
  serviceIds: string[];
  skills: string[];
  level: number;
}

const NOTES: Note[] = [
  {
    title: '营业厅宣传海报张贴规范',
    summary: '海报张贴的位置、高度、更换与撤除',
    body: `一、适用范围：本规范适用于各营业厅的宣传海报、易拉宝与台卡。
二、张贴位置：宣传海报应张贴在营业厅入口两侧及等候区正面墙，不得遮挡叫号屏、消防标识与安全出口。
三、张贴高度：海报下沿离地一百二十厘米，同一面墙的海报上沿对齐。
四、更换：新活动海报在活动开始前一日张贴完毕；活动结束后三日内撤下过期宣传海报，交回仓库或按要求销毁。
五、检查：值班经理每日开门前巡检一次，破损、卷边的海报当日更换。`,
    serviceIds: [],
    skills: ['形象规范'],
    level: 1,
  },
  {
    title: '客户投诉处理话术',
    summary: '首问负责、先致歉后核实的标准话术与升级规则',
    body: `1. 首问负责：第一位接待的营业员负责到底，不推诿、不让客户重复说明。
2. 先致歉、再核实：“非常抱歉给您带来不便，我马上为您查询。”核实账单、套餐与办理记录。
3. 给出时限：当场能解决的当场解决；不能当场解决的，告知处理时限并登记回访电话。
4. 升级：涉及赔偿、媒体或重复投诉，十分钟内报告值班经理。
5. 记录：在系统中完整记录投诉内容、处理过程与客户意见。`,
    serviceIds: ['billing', 'plan'],
    skills: ['投诉处理', '沟通技巧'],
    level: 2,
  },
  {
    title: '携号转网办理须知',
    summary: '转出、转入的条件核验与告知事项',
    body: `办理前核验：号码状态正常、无欠费、无在约合约、已实名登记且证件一致。
告知事项：转网后原运营商的积分、余额与增值业务按规定处理；合约未到期的须先解约。
办理时限：授权码有效期内完成转入，超时需重新获取。
特殊情况：副卡、物联网卡、靓号协议期内号码不能直接转网，请引导客户先办理变更。`,
    serviceIds: ['plan'],
    skills: ['套餐业务'],
    level: 2,
  },
  {
    title: '宽带新装预约流程',
    summary: '从受理到装维上门的时间节点',
    body: `受理：核对装机地址与资源，确认带宽、光猫与机顶盒需求，告知安装费用。
预约：与客户约定上门时间段，系统派单后短信通知客户。
上门：装维人员到场前一小时电话确认；装机完成后当场测速并请客户签字确认。
回访：装机后三日内回访，了解网络使用情况。`,
    serviceIds: ['broadband'],
    skills: ['装机预约'],
    level: 1,
  },
  {
    title: '防范电信诈骗提示口径',
    summary: '办理大额充值、频繁补卡时的提示要点',
    body: `遇到以下情况须提示客户防范诈骗：大额充值或代充、短时间内多次补卡换卡、代他人办理业务、客户通话中被人指挥操作。
提示口径：“公检法不会通过电话要求转账，请不要向陌生人透露验证码。”
必要时请值班经理陪同，劝阻无效的按流程报告。`,
    serviceIds: ['billing', 'plan'],
    skills: ['风险防范'],
    level: 1,
  },
  {
    title: '老年客户服务指引',
    summary: '放慢语速、协助填写、优先窗口',
    body: `对老年客户放慢语速，使用通俗说法，不用缩写与英文术语。
需要时协助填写资料、操作手机，操作前征得客户同意。
行动不便的老年客户可安排到爱心窗口优先办理。
推荐资费时以客户实际需要为准，不得捆绑推销。`,
    serviceIds: [],
    skills: ['服务礼仪'],
    level: 1,
  },
];

const HANDBOOKS: Array<{
  title: string;
  summary: string;
  skills: string[];
  serviceIds: string[];
  level: number;
  chapters: Array<[string, string]>;
}> = [
  {
    title: '新员工入职培训手册',
    summary: '营业厅新员工上岗前必读：岗位职责、服务礼仪、业务基础与考试要求',
    skills: ['服务礼仪', '业务基础'],
    serviceIds: [],
    level: 1,
    chapters: [
      [
        '第一章 岗位职责',
        '营业员负责受理客户业务、解答咨询、收取费用并做好服务记录。上岗前须完成业务知识考试，并在带教老师指导下实习一周。',
      ],
      [
        '第二章 服务礼仪',
        '叫号后三十秒内接待客户，起身或点头示意，主动问候。办理过程中向客户说明每一步，办理完毕提醒客户评价。',
      ],
      [
        '第三章 营业厅环境',
        '宣传海报应张贴在营业厅入口两侧，活动结束后三日内撤下。等候区座椅、资料架每日整理，台面不放私人物品。',
      ],
      ['第四章 考试要求', '入职考试包括业务知识与服务规范两部分，八十分及格；未通过的在一周内补考一次。'],
    ],
  },
  {
    title: '5G换机季活动培训资料',
    summary: '活动政策、适用机型、赠品与宣传物料的使用',
    skills: ['终端销售', '套餐业务'],
    serviceIds: ['device', 'plan'],
    level: 2,
    chapters: [
      ['一、活动政策', '活动期间办理5G套餐并购买指定机型，可享受购机直降与话费赠送。老用户升级5G套餐同样适用。'],
      ['二、宣传物料', '每位办理客户可领取5G换机季宣传单两张；宣传海报由营业厅统一张贴，活动结束后按要求销毁。'],
      ['三、常见问题', '客户询问合约期限、提前解约费用、赠送话费到账时间时，按活动细则如实告知，不作超出细则的承诺。'],
    ],
  },
];

async function account(admin: CloudApi, base: string, unit: string) {
  const username = 'trainer-demo';
  const password = `${randomBytes(9).toString('base64url')}-Aa1`;
  const { userId } = await admin.call<{ userId: string }>('users.create', {
    orgUnitId: unit,
    username,
    name: '李培训',
    password,
  });
  await admin.call('users.grant', { orgUnitId: unit, userId, role: 'trainer' });
  return {
    api: await signInApi(base, { username, password }, { attempts: 5 }),
    account: { username, password, role: 'trainer', unit },
  };
}

/** A handbook as a PDF: a title page line, then its chapters. */
async function handbook(h: (typeof HANDBOOKS)[number]): Promise<Uint8Array> {
  const pdf = await renderPdf({
    content: [
      { text: h.title, fontSize: 18, margin: [0, 0, 0, 8] },
      { text: h.summary, color: '#57606a', margin: [0, 0, 0, 16] },
      ...h.chapters.flatMap(([head, text], i) => [
        { text: head, fontSize: 13, margin: [0, 10, 0, 4], ...(i > 0 && i % 2 === 0 ? { pageBreak: 'before' } : {}) },
        { text: `${text}${'\n\n'}${text}` },
      ]),
    ],
    defaultStyle: { font: 'Sans', fontSize: 10.5, lineHeight: 1.4 },
  });
  return new Uint8Array(pdf);
}

export async function demoTraining(
  admin: CloudApi,
  o: {
    base: string;
    upload: (scope: 'training', bytes: Uint8Array) => Promise<string | null>;
    log: (line: string) => void;
  },
): Promise<{ accounts: TrainingDemoAccount[]; trainer: CloudApi | null }> {
  const have = await admin.get<{ total: number }>('training.library', { all: true, limit: 1 });
  if (have.total > 0) return { accounts: [], trainer: null };
  const units = await admin.get<Array<{ id: string; parentId: string | null }>>('org.tree');
  const root = units.find((u) => u.parentId === null)?.id;
  if (!root) return { accounts: [], trainer: null };
  const trainer = await account(admin, o.base, root);
  const api = trainer.api;
  const upload: Upload = (bytes) => o.upload('training', bytes);
  const base = { orgUnitId: root };
  const made: number[] = [];
  for (const n of NOTES)
    made.push((await api.call<{ id: number }>('training.createMaterial', { ...base, kind: 'note', ...n })).id);
  // The poster rules were revised: version 2 replaces version 1 (which the library keeps in the history).
  await api.call('training.newVersion', {
    of: made[0],
    material: {
      ...base,
      ...NOTES[0],
      kind: 'note',
      title: '营业厅宣传海报张贴规范（2026年修订）',
      body: `${NOTES[0]!.body}\n六、修订：自2026年起海报统一使用磁吸框，不再使用胶带张贴。`,
    },
  });
  for (const h of HANDBOOKS) {
    const sha = await upload(await handbook(h));
    if (!sha) continue;
    await api.call('training.createMaterial', {
      ...base,
      kind: 'document',
      title: h.title,
      summary: h.summary,
      skills: h.skills,
      serviceIds: h.serviceIds,
      level: h.level,
      file: { sha256: sha, name: `${h.title}.pdf` },
    });
  }
  const picture = await upload(
    flatPicture(
      480,
      [238, 241, 244],
      [
        { rect: [40, 60, 440, 420], radius: 10, color: [255, 255, 255] },
        { rect: [60, 90, 200, 250], radius: 6, color: [30, 96, 180] },
        { rect: [220, 90, 420, 250], radius: 6, color: [104, 58, 160] },
        { rect: [60, 280, 420, 330], radius: 6, color: [214, 58, 62] },
        { rect: [60, 350, 420, 390], radius: 6, color: [196, 202, 210] },
      ],
    ),
  );
  if (picture)
    await api.call('training.createMaterial', {
      ...base,
      kind: 'image',
      title: '营业厅标准陈列示意图',
      summary: '入口海报位、活动台、资料架的标准位置',
      skills: ['形象规范'],
      level: 1,
      file: { sha256: picture, name: '陈列示意图.png' },
    });
  o.log(`training: ${NOTES.length + HANDBOOKS.length + 1} materials in the library (one note in two versions)`);
  return { accounts: [trainer.account], trainer: api };
}
