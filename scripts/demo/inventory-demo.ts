/**
 * 物流管理 in the demo, through the inventory API as its people work: HQ's catalogue of a running campaign
 * (5G换机季) and an ended one (春节红包, to be returned), a warehouse under HQ with goods from the supplier,
 * a logistics clerk, a region manager per region and a hall manager per hall (accounts made through the
 * users API). Each hall asks for its opening stock, its region approves, the warehouse ships and the hall
 * receives. The four weeks before are brought in as recorded issues (`inventory.importIssues`), each tied
 * to one of the history's served tickets (its service, clerk and counter from the cloud's records) — as a
 * hall that starts with the module brings in its paper log. Then today's open work: one transfer in transit
 * (福田), one received with a short and a damaged line awaiting the region (罗湖), one hall below its reorder
 * point (南山's SIM packs), a count waiting for approval, and a clerk-day at 罗湖 the leakage flag catches.
 */
import { createHash, randomBytes } from 'node:crypto';
import { addDays } from '@hall/devices/calendar';
import { signInApi, type CloudApi } from '@hall/scripts/harness/cloud-api';
import { flatPicture, type Rgb, type Shape } from './demo-png.ts';

interface Unit {
  id: string;
  parentId: string | null;
  name: string;
  hallId: string | null;
}
interface Ticket {
  ticketNo: string;
  serviceId: string;
  outcome: string;
  staffId: string | null;
  endedAt: number | null;
  arrivalAt: number;
}
export interface InventoryDemoAccount {
  username: string;
  password: string;
  role: string;
  unit: string;
}

/** What each service's served customer takes, as a share of them (one each). */
const TAKES: Record<string, Array<[string, number]>> = {
  plan: [
    ['FLY-5G', 0.5],
    ['PACK-SIM', 0.6],
  ],
  broadband: [
    ['GIFT-BB', 0.7],
    ['FLY-5G', 0.3],
  ],
  device: [['FLY-5G', 0.4]],
  billing: [['FLY-5G', 0.1]],
};

const ITEMS = (today: string) => [
  {
    id: 'FLY-5G',
    nameZh: '5G换机季宣传单',
    nameEn: '5G upgrade flyer',
    unitZh: '张',
    unitEn: 'sheets',
    kind: 'item',
    campaign: '5G换机季',
    validFrom: addDays(today, -35),
    validTo: addDays(today, 30),
    afterCampaign: 'destroy',
    serviceIds: ['plan', 'broadband', 'device', 'billing'],
    perCustomer: 2,
    leadTimeDays: 3,
    safetyDays: 2,
  },
  {
    id: 'PACK-SIM',
    nameZh: 'SIM卡套',
    nameEn: 'SIM pack',
    unitZh: '个',
    unitEn: 'packs',
    kind: 'item',
    serviceIds: ['plan'],
    perCustomer: 1,
    leadTimeDays: 3,
    safetyDays: 2,
  },
  {
    id: 'GIFT-BB',
    nameZh: '宽带开户礼品',
    nameEn: 'Broadband welcome gift',
    unitZh: '份',
    unitEn: 'gifts',
    kind: 'item',
    campaign: '5G换机季',
    validFrom: addDays(today, -35),
    validTo: addDays(today, 30),
    afterCampaign: 'return',
    serviceIds: ['broadband'],
    perCustomer: 1,
    leadTimeDays: 4,
    safetyDays: 2,
  },
  {
    id: 'POSTER-5G',
    nameZh: '5G换机季海报',
    nameEn: '5G upgrade poster',
    unitZh: '张',
    unitEn: 'posters',
    kind: 'item',
    campaign: '5G换机季',
    validFrom: addDays(today, -35),
    validTo: addDays(today, 30),
    afterCampaign: 'destroy',
    serviceIds: [],
    perCustomer: 1,
    leadTimeDays: 5,
    safetyDays: 0,
  },
  {
    id: 'RED-ENV',
    nameZh: '春节红包',
    nameEn: 'Spring Festival envelope',
    unitZh: '个',
    unitEn: 'envelopes',
    kind: 'item',
    campaign: '春节迎新',
    validFrom: addDays(today, -90),
    validTo: addDays(today, -40),
    afterCampaign: 'return',
    serviceIds: [],
    perCustomer: 2,
    leadTimeDays: 3,
    safetyDays: 0,
  },
  {
    id: 'KIT-BB',
    nameZh: '宽带新装礼包',
    nameEn: 'Broadband starter kit',
    unitZh: '套',
    unitEn: 'kits',
    kind: 'kit',
    campaign: '5G换机季',
    serviceIds: ['broadband'],
    perCustomer: 1,
    parts: [
      { itemId: 'GIFT-BB', qty: 1 },
      { itemId: 'FLY-5G', qty: 1 },
    ],
  },
];

/** The catalogue's photos: flat pictures of each material (a flyer, a SIM pack, a gift box, a poster, an envelope, a kit). */
const BG: Rgb = [238, 241, 244];
const WHITE: Rgb = [252, 252, 250];
const LINE: Rgb = [196, 202, 210];
const sheet = (x0: number, y0: number, x1: number, y1: number, head: Rgb, lines: number): Shape[] => [
  { rect: [x0 + 6, y0 + 6, x1 + 6, y1 + 6], radius: 6, color: [214, 219, 226] },
  { rect: [x0, y0, x1, y1], radius: 6, color: WHITE },
  { rect: [x0, y0, x1, y0 + Math.round((y1 - y0) * 0.38)], radius: 6, color: head },
  { disc: [Math.round((x0 + x1) / 2), y0 + Math.round((y1 - y0) * 0.2), Math.round((x1 - x0) * 0.16)], color: WHITE },
  ...Array.from({ length: lines }, (_, k): Shape => {
    const y = y0 + Math.round((y1 - y0) * (0.48 + k * 0.1));
    return { rect: [x0 + 16, y, x1 - 16 - (k % 2) * 30, y + 8], radius: 3, color: LINE };
  }),
];
const box = (body: Rgb, ribbon: Rgb): Shape[] => [
  { rect: [78, 128, 250, 272], radius: 4, color: [214, 219, 226] },
  { rect: [72, 122, 244, 266], radius: 4, color: body },
  { rect: [62, 96, 254, 134], radius: 4, color: body.map((c) => Math.round(c * 0.85)) as unknown as Rgb },
  { rect: [148, 96, 168, 266], color: ribbon },
  { disc: [140, 86, 20], color: ribbon },
  { disc: [176, 86, 20], color: ribbon },
];
const PICTURES: Record<string, Shape[]> = {
  'FLY-5G': sheet(96, 52, 224, 268, [30, 96, 180], 4),
  'POSTER-5G': sheet(70, 30, 250, 290, [104, 58, 160], 5),
  'PACK-SIM': [
    { rect: [66, 102, 262, 232], radius: 14, color: [214, 219, 226] },
    { rect: [60, 96, 256, 226], radius: 14, color: [0, 122, 204] },
    { rect: [86, 136, 136, 180], radius: 6, color: [226, 186, 92] },
    { rect: [156, 140, 230, 150], radius: 4, color: WHITE },
    { rect: [156, 162, 210, 172], radius: 4, color: WHITE },
  ],
  'GIFT-BB': box([214, 58, 62], [250, 204, 72]),
  'KIT-BB': box([40, 150, 110], [250, 250, 250]),
  'RED-ENV': [
    { rect: [106, 52, 222, 276], radius: 8, color: [214, 219, 226] },
    { rect: [100, 46, 216, 270], radius: 8, color: [200, 30, 40] },
    { rect: [100, 46, 216, 120], radius: 8, color: [176, 22, 32] },
    { disc: [158, 120, 22], color: [238, 190, 80] },
  ],
};

/** A deterministic random number in [0, 1) from a text (the same history makes the same issues). */
const chance = (key: string) => createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
/** A v4-shaped UUID from a text: an issue brought in twice is one. */
const uuidOf = (key: string) => {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

async function account(admin: CloudApi, base: string, username: string, name: string, unit: string, role: string) {
  const password = `${randomBytes(9).toString('base64url')}-Aa1`;
  const { userId } = await admin.call<{ userId: string }>('users.create', {
    orgUnitId: unit,
    username,
    name,
    password,
  });
  await admin.call('users.grant', { orgUnitId: unit, userId, role });
  return {
    api: await signInApi(base, { username, password }, { attempts: 5 }),
    account: { username, password, role, unit },
  };
}

export async function demoInventory(
  admin: CloudApi,
  o: {
    base: string;
    today: string;
    historyDays: number;
    log: (line: string) => void;
    /** Stores a catalogue photo's bytes (as the organisation's) and answers its name, or null. */
    upload?: (bytes: Uint8Array) => Promise<string | null>;
  },
): Promise<InventoryDemoAccount[]> {
  const units = await admin.get<Unit[]>('org.tree');
  const root = units.find((u) => u.parentId === null)!;
  const halls = units.filter((u) => u.hallId);
  const regions = units.filter((u) => halls.some((h) => h.parentId === u.id) && u.parentId !== null);

  // Made once: a first start stopped halfway through this leaves what it made (the second start does not redo it).
  const locations = await admin.get<Array<{ id: string }>>('inventory.locations');
  if (locations.some((l) => l.id === 'wh:sz')) return [];
  for (const item of ITEMS(o.today)) {
    const shapes = PICTURES[item.id];
    const photo = shapes && o.upload ? await o.upload(flatPicture(320, BG, shapes)).catch(() => null) : null;
    await admin.call('inventory.saveItem', { ...item, ...(photo ? { photo } : {}) });
  }
  await admin.call('inventory.addWarehouse', {
    id: 'sz',
    nameZh: '深圳总仓',
    nameEn: 'Shenzhen warehouse',
    orgUnitId: root.id,
  });

  const accounts: InventoryDemoAccount[] = [];
  const wh = await account(admin, o.base, 'wl-cangku', '仓管 周强', root.id, 'logistics');
  accounts.push(wh.account);
  const regionApi = new Map<string, CloudApi>();
  for (const [i, r] of regions.entries()) {
    const a = await account(admin, o.base, `wl-region-${i + 1}`, `${r.name}经理`, r.id, 'region_manager');
    regionApi.set(r.id, a.api);
    accounts.push(a.account);
  }

  // What each hall handed out over the history, from its served tickets.
  // The hall that ends below its reorder point: 南山 (the last hall when the demo has none of that name).
  const lowHall = halls.find((h) => h.name.includes('南山')) ?? halls.at(-1);
  type Row = { issueId: string; at: string; ticketNo: string; items: Array<{ itemId: string; qty: number }> };
  const plans: Array<{
    hall: Unit;
    issues: Array<{ day: string; rows: Row[] }>;
    need: Map<string, number>;
    low: boolean;
  }> = [];
  for (const hall of halls) {
    const issues: Array<{ day: string; rows: Row[] }> = [];
    const need = new Map<string, number>();
    for (let d = o.historyDays; d >= 1; d -= 1) {
      const date = addDays(o.today, -d);
      const { tickets } = await admin.get<{ tickets: Ticket[] }>('analytics.tickets', { hallId: hall.hallId, date });
      const rows: Row[] = [];
      const served = tickets.filter((t) => t.outcome === 'done' && t.endedAt !== null);
      for (const t of served) {
        const items = (TAKES[t.serviceId] ?? [])
          .filter(([itemId, p]) => chance(`${hall.hallId}|${date}|${t.ticketNo}|${itemId}`) < p)
          .map(([itemId]) => ({ itemId, qty: 1 }));
        if (!items.length) continue;
        rows.push({
          issueId: uuidOf(`${hall.hallId}|${date}|${t.ticketNo}`),
          at: new Date(t.endedAt!).toISOString(),
          ticketNo: t.ticketNo,
          items,
        });
      }
      // 罗湖, yesterday: one clerk handed out ten gifts to each of their broadband customers.
      if (hall.name.includes('罗湖') && d === 1) {
        const clerk = served.find((t) => t.serviceId === 'broadband' && t.staffId)?.staffId;
        for (const t of served.filter((x) => x.serviceId === 'broadband' && x.staffId === clerk).slice(0, 3))
          rows.push({
            issueId: uuidOf(`${hall.hallId}|${date}|${t.ticketNo}|extra`),
            at: new Date(t.endedAt! + 30_000).toISOString(),
            ticketNo: t.ticketNo,
            items: [{ itemId: 'GIFT-BB', qty: 10 }],
          });
      }
      for (const r of rows) for (const l of r.items) need.set(l.itemId, (need.get(l.itemId) ?? 0) + l.qty);
      issues.push({ day: date, rows });
    }
    plans.push({ hall, issues, need, low: hall === lowHall });
  }

  // The warehouse's goods from the supplier: enough for the opening stock and a replenishment or two.
  const total = (id: string) => plans.reduce((s, p) => s + (p.need.get(id) ?? 0), 0);
  await wh.api.call('inventory.receiveGoods', {
    locationId: 'wh:sz',
    lines: ['FLY-5G', 'PACK-SIM', 'GIFT-BB']
      .map((itemId) => ({ itemId, qty: Math.ceil(total(itemId) * 2) + 500 }))
      .concat([
        { itemId: 'POSTER-5G', qty: 200 },
        { itemId: 'RED-ENV', qty: 600 },
      ]),
    note: '供应商到货（5G换机季）',
  });

  for (const p of plans) {
    const hallId = p.hall.hallId!;
    const manager = await account(
      admin,
      o.base,
      `wl-hall-${hallId.toLowerCase()}`,
      `${p.hall.name}店长`,
      p.hall.id,
      'hall_manager',
    );
    accounts.push(manager.account);
    const region = regionApi.get(p.hall.parentId!) ?? admin;
    // Opening stock: the history's issues plus about a week and a half; 南山 short of SIM packs.
    const opening = (id: string, extra: number) => Math.ceil((p.need.get(id) ?? 0) * extra) + 10;
    const lines = [
      { itemId: 'FLY-5G', qty: opening('FLY-5G', 1.4) },
      {
        itemId: 'PACK-SIM',
        qty: p.low ? Math.ceil((p.need.get('PACK-SIM') ?? 0) * 1.04) + 2 : opening('PACK-SIM', 1.4),
      },
      { itemId: 'GIFT-BB', qty: opening('GIFT-BB', 1.4) },
      { itemId: 'POSTER-5G', qty: 20 },
      ...(p.hall.name.includes('罗湖') ? [{ itemId: 'RED-ENV', qty: 120 }] : []),
    ];
    const { id } = await manager.api.call<{ id: number }>('inventory.request', { hallId, lines, note: '期初库存' });
    await region.call('inventory.decide', { id, decision: 'approve' });
    await wh.api.call('inventory.ship', { id });
    await manager.api.call('inventory.receive', {
      id,
      lines: lines.map((l) => ({ itemId: l.itemId, good: l.qty, damaged: 0 })),
    });

    let imported = 0;
    for (const day of p.issues)
      for (let k = 0; k < day.rows.length; k += 500) {
        const out = await manager.api.call<{ imported: number }>('inventory.importIssues', {
          hallId,
          issues: day.rows.slice(k, k + 500),
        });
        imported += out.imported;
      }
    o.log(`inventory: ${p.hall.name} — opening stock received, ${imported} issues of the history brought in`);

    // Today's open work.
    if (p.hall.name.includes('福田')) {
      const t = await manager.api.call<{ id: number }>('inventory.request', {
        hallId,
        lines: [
          { itemId: 'FLY-5G', qty: 200 },
          { itemId: 'KIT-BB', qty: 20 },
        ],
        note: '周末促销备货',
      });
      await region.call('inventory.decide', {
        id: t.id,
        decision: 'approve',
        lines: [{ itemId: 'FLY-5G', approved: 150 }],
      });
      await wh.api.call('inventory.ship', { id: t.id });
      await manager.api.call('inventory.submitCount', {
        locationId: `hall:${hallId}`,
        lines: [{ itemId: 'POSTER-5G', counted: 18 }],
        reason: '月末盘点：两张海报张贴后损坏',
      });
    }
    if (p.hall.name.includes('罗湖')) {
      const t = await manager.api.call<{ id: number }>('inventory.request', {
        hallId,
        lines: [
          { itemId: 'GIFT-BB', qty: 60 },
          { itemId: 'PACK-SIM', qty: 80 },
        ],
      });
      await region.call('inventory.decide', { id: t.id, decision: 'approve' });
      await wh.api.call('inventory.ship', { id: t.id });
      await manager.api.call('inventory.receive', {
        id: t.id,
        lines: [
          { itemId: 'GIFT-BB', good: 50, damaged: 4, note: '外箱压损' },
          { itemId: 'PACK-SIM', good: 80, damaged: 0 },
        ],
      });
    }
  }
  return accounts;
}
