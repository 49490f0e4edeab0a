/// <reference lib="dom" />
/**
 * 人员培训's sessions and attendance in Debian's Chromium against a real cloud on the harness's
 * PostgreSQL. 华南区 with 南山营业厅 (in a time zone where it is about noon whenever the test runs, so a
 * session "starting now" is inside the hall's day) and 福田营业厅, their clerks imported from the halls'
 * configs; two of 南山's clerks have phone accounts (the staff role, linked to their staff records).
 * A trainer schedules a 15-minute session starting now through the form (a course from the library, two
 * clerks; a date a cloud refuses is said at its field), opens the room's screen and reads its code; clerk
 * 1, signed out on a 390×844 phone, opens the check-in address, signs in, comes back to it and is checked
 * in without pressing anything; the trainer's page shows them present within 10 s, the room's screen
 * names them. A made-up code is refused ("请重新扫描"), a future session's check-in too ("签到仅在培训时段
 * 内开放") — whose page says marking waits for its window, and whose attendees change (someone checked in
 * elsewhere cannot be taken off); the trainer marks and undoes; a future session
 * is cancelled after a confirmation; clerk 1 rates the session on their phone and the trainer reads the
 * averages. A hall manager reads, a warehouse role is refused, a wrong id is not found. Every page
 * proof-read in both languages at 1920×1080 and 390×844 (the room's screen also at a projector's
 * 1280×720, where it must fit the screen); screenshots in /tmp/shots-sessions/ and the artifacts.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createUser, ensureHallUnit, ensureRegionUnit, ensureRootUnit } from '@hall/cloud/access';
import { openDatabase } from '@hall/cloud/db';
import { putHallConfig, registerHall } from '@hall/cloud/halls';
import {
  launchBrowser,
  layoutFindings,
  noonZone,
  scanRenderedText,
  screenshotsDir,
  signInApi,
  type Browser,
  type CloudApi,
} from '@hall/scripts/harness';
import type { Page } from 'playwright-core';
import postgres from 'postgres';
import { encode } from 'uqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, cloudFixture, until, type CloudFixture } from './cloud-fixture.ts';
import { LANGS, useLang } from './proof-read.ts';

let fixture: CloudFixture | undefined;
/** The trainer's (and the managers') desktop, and a clerk's phone: two browsers, two people at once. */
let desk: Browser | undefined;
let phone: Browser | undefined;
let base = '';
const PASSWORD = 'Training-Sessions-2026!';
const TRAINER = { username: 'trainer-wu', password: PASSWORD };
const HM = { username: 'hm-ns', password: PASSWORD };
const WH = { username: 'wh-zhou', password: PASSWORD };
const CLERK1 = { username: 'clerk-wang', password: PASSWORD };
const CLERK2 = { username: 'clerk-li', password: PASSWORD };
const DESKTOP = { width: 1920, height: 1080 };
const PHONE = { width: 390, height: 844 };
const PROJECTOR = { width: 1280, height: 720 };
const SHOTS = '/tmp/shots-sessions';
const ZONE = noonZone(new Date());
const TITLE = '班前培训：宽带装机规范';
const api: Record<string, CloudApi> = {};
/** Employees by staff number; sessions made in the tests by name. */
const emp: Record<string, string> = {};
const ids: Record<string, number> = {};
let code = '';

afterAll(async () => {
  await desk?.close();
  await phone?.close();
  await fixture?.stop();
});

beforeAll(async () => {
  fixture = await cloudFixture('e2e_tsessions');
  const { db, close } = await openDatabase({ url: fixture.url, dataDir: '' });
  try {
    await ensureRootUnit(db);
    await ensureRegionUnit(db, { id: 'r-south', name: '华南区' });
    for (const [hallId, name, staff] of [
      [
        'NS',
        '南山营业厅',
        [
          { id: 'E1', name: '王芳' },
          { id: 'E2', name: '李强' },
          { id: 'E3', name: '陈静' },
        ],
      ],
      [
        'FT',
        '福田营业厅',
        [
          { id: 'F1', name: '赵敏' },
          { id: 'F2', name: '孙磊' },
        ],
      ],
    ] as const) {
      await registerHall(db, { id: hallId, name, timeZone: ZONE });
      await ensureHallUnit(db, { hallId, name, parentId: 'r-south' });
      await putHallConfig(
        db,
        hallId,
        {
          hall: { capacity: 40 },
          services: [{ id: 'broadband', name: '宽带业务', prefix: 'B', targetWaitMinutes: 12 }],
          counters: [{ id: 'C01', name: '1号窗口', services: { broadband: 1 } }],
          staff: [...staff],
        },
        null,
      );
    }
    const pg = postgres(fixture.url, { max: 1, onnotice: () => {} });
    try {
      for (const [who, name, unit, role] of [
        [TRAINER, '吴培训', 'r-south', 'trainer'],
        [HM, '南山店长', 'hall-NS', 'hall_manager'],
        [WH, '周仓管', 'hq', 'logistics'],
      ] as const) {
        const id = await createUser(db, { ...who, name, orgUnitId: unit });
        await pg`insert into user_roles (user_id, role, org_unit_id) values (${id}, ${role}, ${unit})`;
      }
    } finally {
      await pg.end();
    }
  } finally {
    await close();
  }
  const cloud = await fixture.start();
  base = cloud.base.replace(/\/trpc$/, '');
  api.admin = await signInApi(base, ADMIN);
  for (const hallId of ['NS', 'FT']) {
    const { items } = await until(`${hallId}'s staff imported`, async () => {
      const r = await api.admin!.get<{ items: Array<{ id: string; staffId: string }> }>('staff.list', { hallId });
      return r.items.length > 0 ? r : null;
    });
    for (const e of items) emp[e.staffId] = e.id;
  }
  // Two clerks' phone accounts, as a hall manager makes them: the staff role, linked to their records.
  for (const [who, name, staffId] of [
    [CLERK1, '王芳', 'E1'],
    [CLERK2, '李强', 'E2'],
  ] as const) {
    const { userId } = await api.admin.call<{ userId: string }>('users.create', {
      orgUnitId: 'hall-NS',
      username: who.username,
      name,
      password: who.password,
      staffId,
    });
    await api.admin.call('users.grant', { orgUnitId: 'hall-NS', userId, role: 'staff' });
    await api.admin.call('staff.update', { employeeId: emp[staffId], userId });
  }
  api.trainer = await signInApi(base, TRAINER);
  await api.trainer.call('training.createMaterial', {
    kind: 'note',
    title: '宽带装机流程',
    summary: '上门装机的步骤与注意事项',
    body: '预约上门时间，核对地址，带齐工具，装机后测速并请客户确认。',
    orgUnitId: 'r-south',
    serviceIds: ['broadband'],
    skills: ['宽带'],
    level: 1,
  });
  mkdirSync(SHOTS, { recursive: true });
  desk = await launchBrowser({ viewport: DESKTOP });
  phone = await launchBrowser({ viewport: PHONE });
}, 240_000);

/** A page of `b` signed in as `who` (its cookies cleared first: one user per browser at a time). */
async function pageAs(b: Browser | undefined, who: { username: string; password: string }, size = DESKTOP) {
  const browser = b as Browser;
  await browser.context.clearCookies();
  const page = await browser.context.newPage();
  await page.setViewportSize(size);
  await page.goto(`${base}/login`);
  await useLang(page, 'zh-CN');
  await signIn(page, who);
  await page.locator('.shell').waitFor();
  return page;
}

async function signIn(page: Page, who: { username: string; password: string }) {
  await page.locator('input[name="username"]').fill(who.username);
  await page.locator('input[type="password"]').fill(who.password);
  await page.locator('form button[type="submit"]').click();
}

const textOf = async (page: Page, selector: string) =>
  ((await page.locator(selector).first().innerText()) ?? '').replace(/\s+/g, ' ').trim();

/** The date and 时:分 on the hall's clocks `minutes` from now. */
function hallClock(minutes = 0) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(Date.now() + minutes * 60_000);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

const checkinUrl = (sessionId: number, c: string) => `${base}/training/checkin?s=${sessionId}&c=${c}`;

/** A session through the API (the trainer's), `startIn` minutes from now, for `minutes`. */
async function schedule(title: string, o: { startIn: number; minutes: number; unit?: string; clerks: string[] }) {
  const at = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
  return (
    await api.trainer!.call<{ id: number }>('training.scheduleSession', {
      title,
      orgUnitId: o.unit ?? 'r-south',
      hallId: 'NS',
      mode: 'classroom',
      place: '二楼培训室',
      startsAt: at(o.startIn),
      endsAt: at(o.startIn + o.minutes),
      employeeIds: o.clerks.map((s) => emp[s] as string),
    })
  ).id;
}

describe('人员培训: sessions, QR check-in and feedback', () => {
  it('a trainer schedules a session starting now with two clerks through the form', async () => {
    const page = await pageAs(desk, TRAINER);
    await page.goto(`${base}/training/sessions`);
    await page.locator('[data-testid="no-sessions"]').waitFor({ timeout: 20_000 });
    expect(await textOf(page, '[data-testid="no-sessions"]')).toBe('这段时间没有培训场次。 点“新建培训”安排一场培训。');
    expect(await page.locator('.training-nav a[aria-current="page"]').innerText()).toBe('培训场次');
    await page.getByRole('link', { name: '新建培训' }).click();
    await page.waitForURL(/\/training\/sessions\/new$/);
    const form = page.locator('[data-testid="session-form"]');
    await form.locator('[data-testid="attendees"] .hall-group').first().waitFor({ timeout: 20_000 });
    // The unit: the trainer's region (where they may schedule); its halls' clerks grouped by hall.
    expect(await form.locator('label', { hasText: '组织单位' }).locator('select').inputValue()).toBe('r-south');
    expect(await form.locator('.hall-group .hall-name').allInnerTexts()).toEqual(['福田营业厅', '南山营业厅']);
    await form.locator('input[name="title"]').fill(TITLE);
    await form.locator('select[name="hall"]').selectOption('NS');
    // The NS group first once the hall is chosen; "全选本厅" takes the hall and gives it back.
    expect(await form.locator('.hall-group').first().getAttribute('data-hall')).toBe('NS');
    const ft = form.locator('.hall-group[data-hall="FT"]');
    await ft.locator('input[data-action="select-hall"]').check();
    expect(await textOf(page, '.picker-total')).toBe('已选 2 人');
    expect(await textOf(page, '.hall-group[data-hall="FT"] .picked')).toBe('2 / 2 人');
    await ft.locator('input[data-action="select-hall"]').uncheck();
    for (const name of ['王芳', '李强'])
      await form.locator('ul.clerks label', { hasText: name }).locator('input').check();
    expect(await textOf(page, '.picker-total')).toBe('已选 2 人');
    expect(
      await form
        .locator('.hall-group[data-hall="NS"] input[data-action="select-hall"]')
        .evaluate((el) => (el as HTMLInputElement).indeterminate),
    ).toBe(true);
    await form.locator('input[name="place"]').fill('二楼培训室');
    // The course, from the library.
    await form.locator('[data-action="choose-course"]').click();
    await form.locator('input[name="course-q"]').fill('宽带');
    await form.locator('[data-action="course-search"]').click();
    await form.locator('[data-action="pick-course"]').first().click();
    expect(await textOf(page, '[data-testid="course-title"]')).toBe('宽带装机流程');

    // A date the cloud refuses (more than a year ahead): said at the start's field.
    const far = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
    await form.locator('input[name="date"]').fill(far);
    await form.locator('input[name="start"]').fill('09:30');
    await form.locator('input[name="end"]').fill('09:00');
    await form.locator('[data-action="save"]').click();
    expect(await textOf(page, '.field-error[data-field="endsAt"]')).toBe('结束时间须晚于开始时间（同一天内）');
    await form.locator('input[name="end"]').fill('10:30');
    await form.locator('[data-action="save"]').click();
    await form.locator('.field-error[data-field="startsAt"]').waitFor();
    expect(await textOf(page, '.field-error[data-field="startsAt"]')).toBe('开始时间须在过去 90 天到未来 366 天之间');

    // Now, for a quarter of an hour (a pre-shift briefing), on the hall's clocks.
    const now = hallClock(0);
    const end = hallClock(15);
    await form.locator('input[name="date"]').fill(now.date);
    await form.locator('input[name="start"]').fill(now.time);
    await form.locator('input[name="end"]').fill(end.time);
    expect(await textOf(page, '[data-testid="when-said"]')).toContain(`${now.time}–${end.time}`);
    expect(await textOf(page, '[data-testid="when-said"]')).toContain('按南山营业厅当地时间');
    await form.locator('[data-action="save"]').click();
    await page.waitForURL(/\/training\/sessions\/\d+$/);
    ids.now = Number(/(\d+)$/.exec(page.url())?.[1]);
    await page.locator('[data-testid="attendee-list"]').waitFor({ timeout: 20_000 });
    expect(await textOf(page, 'article.session h1')).toBe(TITLE);
    expect(await textOf(page, '[data-testid="when"]')).toContain(`${now.time}–${end.time}`);
    expect(await textOf(page, '.session-facts')).toMatch(
      /地点 南山营业厅 · 二楼培训室 课程 宽带装机流程 培训师 吴培训/,
    );
    expect(await textOf(page, '[data-testid="tally"]')).toBe('已签到 0 / 2');
    expect(await page.locator('li.attendee .name').allInnerTexts()).toEqual(['李强', '王芳']);
    expect(await page.locator('li.attendee [data-attendance]').allInnerTexts()).toEqual(['未签到', '未签到']);
    await page.locator('[data-testid="live"]').waitFor();
    // The list says it: under way, now, with its counts.
    await page.goto(`${base}/training/sessions`);
    const row = page.locator(`li.session-row[data-session="${ids.now}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.locator('[data-phase]').innerText()).toBe('进行中');
    expect(await textOf(page, `li.session-row[data-session="${ids.now}"] [data-testid="counts"]`)).toBe('已签到 0 / 2');
    expect(await textOf(page, `li.session-row[data-session="${ids.now}"] .course`)).toBe('课程：宽带装机流程');
    await page.close();
  });

  it('the room shows the code; clerk 1 on a phone signs in from the scanned address and is checked in; the trainer sees it within 10 s', async () => {
    const room = await pageAs(desk, TRAINER, PROJECTOR);
    await room.goto(`${base}/training/sessions/${ids.now}`);
    await room.locator('a[data-action="room"]').click();
    await room.waitForURL(new RegExp(`/training/sessions/${ids.now}/room$`));
    const screen = room.locator('[data-testid="room"][data-state="open"]');
    await screen.waitFor({ timeout: 20_000 });
    code = (await screen.getAttribute('data-code')) ?? '';
    expect(code).toMatch(/^[A-Za-z0-9_-]{8}$/);
    // The QR code is the check-in address: its dark modules drawn as rects, no markup injected.
    const url = checkinUrl(ids.now as number, code);
    const qr = encode(url, { ecc: 'M', border: 2 });
    const drawn = await room
      .locator('svg.qr')
      .evaluate((svg) =>
        [...svg.querySelectorAll('rect')].slice(1).reduce((n, r) => n + Number(r.getAttribute('width')), 0),
      );
    expect(drawn).toBe(qr.data.flat().filter(Boolean).length);
    expect(await room.locator('svg.qr').getAttribute('viewBox')).toBe(`0 0 ${qr.size} ${qr.size}`);
    expect(await textOf(room, '[data-testid="room-tally"]')).toBe('已签到 0 / 2');
    // The trainer's own page in another tab, to watch the list.
    const desktop = await (desk as Browser).context.newPage();
    await desktop.setViewportSize(DESKTOP);
    await desktop.goto(`${base}/training/sessions/${ids.now}`);
    await desktop.locator('[data-testid="attendee-list"]').waitFor({ timeout: 20_000 });

    // Clerk 1, signed out, scans: sign in first, then back to the very address, checked in at once.
    await (phone as Browser).context.clearCookies();
    const p = await (phone as Browser).context.newPage();
    await p.goto(`${base}/login`);
    await useLang(p, 'zh-CN');
    const fresh = (await screen.getAttribute('data-code')) ?? code;
    await p.goto(checkinUrl(ids.now as number, fresh));
    await p.waitForURL(/\/login\?next=/);
    expect(decodeURIComponent(new URL(p.url()).searchParams.get('next') ?? '')).toBe(
      `/training/checkin?s=${ids.now}&c=${fresh}`,
    );
    await signIn(p, CLERK1);
    const result = p.locator('[data-testid="checkin-result"]');
    await result.waitFor({ timeout: 20_000 });
    expect(new URL(p.url()).pathname).toBe('/training/checkin');
    expect(await result.getAttribute('data-outcome')).toBe('ok');
    expect(await textOf(p, '[data-testid="checkin-result"] h1')).toBe('签到成功');
    expect(await textOf(p, '[data-testid="checkin-title"]')).toBe(TITLE);
    expect(await textOf(p, '.checkin-when')).toContain(`${hallClock(0).time.slice(0, 2)}:`);
    expect(await textOf(p, '.checkin-where')).toBe('南山营业厅 · 二楼培训室');
    expect(await p.locator('[data-testid="checkin-result"] button').count()).toBe(0);
    const checkedAt = Date.now();

    // The trainer's page shows it within 10 s (polled while the window is open), by QR, with the time.
    const wang = desktop.locator(`li.attendee[data-employee="${emp.E1}"]`);
    await wang.locator('[data-attendance="present"]').waitFor({ timeout: 10_000 });
    expect(Date.now() - checkedAt).toBeLessThan(10_000);
    expect(await wang.locator('[data-testid="checked-in"]').innerText()).toMatch(/^\d{2}:\d{2} 扫码签到$/);
    expect(await textOf(desktop, '[data-testid="tally"]')).toBe('已签到 1 / 2');
    // And the room's screen names them.
    await room.locator('[data-testid="room-names"] li', { hasText: '王芳' }).waitFor({ timeout: 10_000 });
    expect(await textOf(room, '[data-testid="room-tally"]')).toBe('已签到 1 / 2');
    // Scanning again says so, keeping the first time.
    await p.reload();
    await p.locator('[data-testid="checkin-result"][data-outcome="already"]').waitFor({ timeout: 20_000 });
    expect(await textOf(p, '[data-testid="checkin-result"] h1')).toBe('您已签到');
    await p.close();
    await desktop.close();
    await room.close();
  });

  it('a made-up code is refused with its message; an incomplete link too; an account with no staff record is told so', async () => {
    const p = await pageAs(phone, CLERK2, PHONE);
    await p.goto(checkinUrl(ids.now as number, 'Zz9Zz9Zz'));
    const result = p.locator('[data-testid="checkin-result"]');
    await result.waitFor({ timeout: 20_000 });
    expect(await result.getAttribute('data-reason')).toBe('training-checkin-code');
    expect(await textOf(p, '[data-testid="checkin-result"] h1')).toBe('签到码已过期');
    expect(await textOf(p, '[data-testid="checkin-result"] .reason')).toBe('签到码无效或已过期，请重新扫描现场二维码');
    await p.goto(`${base}/training/checkin?s=${ids.now}`);
    await p.locator('[data-testid="checkin-result"][data-reason="bad-link"]').waitFor({ timeout: 20_000 });
    expect(await textOf(p, '[data-testid="checkin-result"]')).toContain('签到链接不完整');
    await p.close();
    const t = await pageAs(desk, TRAINER);
    await t.goto(checkinUrl(ids.now as number, code));
    await t.locator('[data-testid="checkin-result"]').waitFor({ timeout: 20_000 });
    expect(await textOf(t, '[data-testid="checkin-result"] .reason')).toBe('您的账号未关联员工档案，无法参加培训');
    await t.close();
  });

  it("a future session's check-in is refused; its page says marking waits for the window; the trainer marks and undoes now", async () => {
    ids.future = await schedule('新业务介绍：家庭宽带套餐', {
      startIn: 60 * 24,
      minutes: 90,
      clerks: ['E1', 'E2', 'E3'],
    });
    const p = await pageAs(phone, CLERK2, PHONE);
    await p.goto(checkinUrl(ids.future, 'Zz9Zz9Zz'));
    await p.locator('[data-testid="checkin-result"]').waitFor({ timeout: 20_000 });
    expect(await textOf(p, '[data-testid="checkin-result"] h1')).toBe('现在不能签到');
    expect(await textOf(p, '[data-testid="checkin-result"] .reason')).toContain('签到仅在培训时段内开放');
    expect(await textOf(p, '[data-testid="checkin-window"]')).toMatch(
      /^本场签到时间：.+ \d{2}:\d{2} 至 .+ \d{2}:\d{2}$/,
    );
    await p.close();

    const page = await pageAs(desk, TRAINER);
    await page.goto(`${base}/training/sessions/${ids.future}`);
    await page.locator('[data-testid="mark-why"]').waitFor({ timeout: 20_000 });
    expect(await textOf(page, '[data-testid="mark-why"]')).toMatch(
      /^签到于 .+ 开放，届时才能标记出席；请假可以提前标记。$/,
    );
    expect(await page.locator('button[data-action="present"]').first().isDisabled()).toBe(true);
    // Excusing ahead is planning: allowed.
    const chen = page.locator(`li.attendee[data-employee="${emp.E3}"]`);
    await chen.locator('button[data-action="excuse"]').click();
    await chen.locator('[data-attendance="excused"]').waitFor();
    expect(await textOf(page, '[data-testid="tally"]')).toBe('已签到 0 / 2（请假 1 人）');
    // The list changed: 赵敏 of 福田 added, 陈静 taken off.
    await page.locator('button[data-action="attendees"]').click();
    const edit = page.locator('[data-testid="edit-attendees"]');
    await edit.locator('ul.clerks label', { hasText: '赵敏' }).locator('input').check();
    await edit.locator('ul.clerks label', { hasText: '陈静' }).locator('input').uncheck();
    expect(await textOf(page, '[data-testid="edit-attendees"] .picker-total')).toBe('已选 3 人');
    await edit.locator('button[data-action="save-attendees"]').click();
    await page.locator('p.ok', { hasText: '学员名单已更新' }).waitFor();
    expect(await textOf(page, 'p.ok')).toBe('学员名单已更新：新增 1 人，移除 1 人。');
    expect(await page.locator('li.attendee .name').allInnerTexts()).toEqual(['李强', '王芳', '赵敏']);
    // The room's screen before the window: when it opens, no code.
    await page.goto(`${base}/training/sessions/${ids.future}/room`);
    await page.locator('[data-testid="room-before"]').waitFor({ timeout: 20_000 });
    expect(await textOf(page, '[data-testid="room-before"]')).toMatch(/^签到将于 .*\d{2}:\d{2} 开放$/);
    expect(await page.locator('[data-testid="room"]').getAttribute('data-code')).toBe('');
    expect(await page.locator('svg.qr').count()).toBe(0);

    // On the session under way: 李强 marked present by the trainer, undone, marked again.
    await page.goto(`${base}/training/sessions/${ids.now}`);
    const li = page.locator(`li.attendee[data-employee="${emp.E2}"]`);
    await li.locator('button[data-action="present"]').click();
    await li.locator('[data-attendance="present"]').waitFor();
    expect(await li.locator('[data-testid="checked-in"]').innerText()).toMatch(/^\d{2}:\d{2} 培训师标记$/);
    await li.locator('button[data-action="undo"]').click();
    await li.locator('[data-attendance="invited"]').waitFor();
    await li.locator('button[data-action="present"]').click();
    await li.locator('[data-attendance="present"]').waitFor();
    expect(await textOf(page, '[data-testid="tally"]')).toBe('已签到 2 / 2');
    // Someone checked in stays on the list: their box cannot be cleared.
    await page.locator('button[data-action="attendees"]').click();
    const wang = page.locator('[data-testid="edit-attendees"] ul.clerks label', { hasText: '王芳' }).locator('input');
    expect([await wang.isChecked(), await wang.isDisabled()]).toEqual([true, true]);
    await page.close();
  });

  it('a session not yet started is cancelled after a confirmation; the clerks’ list says so', async () => {
    ids.cancelled = await schedule('服务礼仪复训', { startIn: 60 * 48, minutes: 60, clerks: ['E1'] });
    const page = await pageAs(desk, TRAINER);
    await page.goto(`${base}/training/sessions/${ids.cancelled}`);
    await page.locator('button[data-action="cancel"]').click();
    expect(await textOf(page, '[data-testid="cancel-confirm"] p')).toBe(
      '确定取消这场培训吗？已邀请的 1 名学员会收到取消通知。',
    );
    await page.locator('button[data-action="cancel-yes"]').click();
    await page.locator('[data-testid="cancelled"]').waitFor();
    expect(await textOf(page, 'p.ok')).toBe('培训已取消，学员会收到通知。');
    expect(await page.locator('button[data-action="cancel"], a[data-action="room"]').count()).toBe(0);
    await page.goto(`${base}/training/sessions?range=next4`);
    const row = page.locator(`li.session-row[data-session="${ids.cancelled}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.locator('[data-phase]').innerText()).toBe('已取消');
    await page.close();
  });

  it('clerk 1 rates the session on their phone; the trainer sees the averages and the comment, without a name', async () => {
    const p = await pageAs(phone, CLERK1, PHONE);
    await p.goto(`${base}/me/training`);
    const card = p.locator(`li.my-session[data-session="${ids.now}"]`);
    await card.locator('[data-testid="feedback-form"]').waitFor({ timeout: 20_000 });
    expect(await card.locator('[data-attendance="present"]').innerText()).toBe('已签到');
    await card.locator('fieldset[data-rating="course"] label[data-score="5"]').click();
    await card.locator('fieldset[data-rating="trainer"] label[data-score="4"]').click();
    expect(await card.locator('fieldset[data-rating="course"] .star-said').innerText()).toBe('非常满意');
    await card.locator('textarea[name="comment"]').fill('案例很实用，希望多讲故障排查');
    await card.locator('button[data-action="send-feedback"]').click();
    await card.locator('[data-testid="feedback-given"]').waitFor({ timeout: 20_000 });
    expect(await card.locator('[data-testid="feedback-form"]').count()).toBe(0);
    expect(await card.locator('[data-testid="feedback-given"]').innerText()).toBe('已评价');
    // The future session is listed as coming, the cancelled one says so.
    expect(await p.locator(`[data-testid="my-ahead"] li[data-session="${ids.future}"]`).count()).toBe(1);
    expect(await textOf(p, `li[data-session="${ids.cancelled}"] [data-phase]`)).toBe('已取消');
    await p.close();

    const page = await pageAs(desk, TRAINER);
    await page.goto(`${base}/training/sessions/${ids.now}`);
    await page.locator('[data-testid="course-score"]').waitFor({ timeout: 20_000 });
    expect(await textOf(page, '[data-testid="course-score"] .label')).toBe('课程');
    expect(await textOf(page, '[data-testid="course-score"] strong')).toBe('5.0 / 5');
    expect(await textOf(page, '[data-testid="trainer-score"] .label')).toBe('培训师');
    expect(await textOf(page, '[data-testid="trainer-score"] strong')).toBe('4.0 / 5');
    expect(await textOf(page, '[data-testid="feedback"] .answered')).toBe('1 人评价');
    expect(await page.locator('ul.comments li').allInnerTexts()).toEqual(['案例很实用，希望多讲故障排查']);
    expect(await page.locator('[data-testid="feedback"]').innerText()).not.toContain('王芳');
    await page.close();
  });

  it("a hall manager reads their hall's sessions without edit buttons; a wrong id is not found; a warehouse role is refused", async () => {
    ids.hall = await schedule('南山厅周会培训', {
      startIn: 60 * 24 * 3,
      minutes: 60,
      unit: 'hall-NS',
      clerks: ['E1', 'E3'],
    });
    const hm = await pageAs(desk, HM);
    await hm.goto(`${base}/training/sessions`);
    await hm.locator(`li.session-row[data-session="${ids.hall}"]`).waitFor({ timeout: 20_000 });
    expect(await hm.getByRole('link', { name: '新建培训' }).count()).toBe(0);
    await hm.goto(`${base}/training/sessions/${ids.hall}`);
    await hm.locator('[data-testid="attendee-list"]').waitFor({ timeout: 20_000 });
    expect(await hm.locator('[data-action]').count()).toBe(0);
    await hm.goto(`${base}/training/sessions/${ids.hall}/room`);
    await hm.locator('.state.refused').waitFor({ timeout: 20_000 });
    await hm.goto(`${base}/training/sessions/new`);
    await hm.locator('.state.refused').waitFor({ timeout: 20_000 });
    expect(await textOf(hm, '.state.refused')).toContain('无权安排培训');
    for (const id of ['999999', 'abc']) {
      await hm.goto(`${base}/training/sessions/${id}`);
      await hm.locator('.state.not-found').waitFor({ timeout: 20_000 });
      expect(await textOf(hm, '.state.not-found')).toContain('找不到该培训场次');
    }
    await hm.close();
    const wh = await pageAs(desk, WH);
    await wh.goto(`${base}/training/sessions`);
    await wh.locator('.state.refused').waitFor({ timeout: 20_000 });
    expect(await textOf(wh, '.state.refused')).toContain('无权查看培训场次');
    await wh.close();
  });

  it('every page reads well in both languages at both sizes (the room also on a projector, fitting its screen)', async () => {
    const findings: string[] = [];
    const read = async (
      page: Page,
      name: string,
      path: string | (() => Promise<string>),
      ready: string,
      o: { sizes?: Array<{ width: number; height: number }>; fit?: boolean } = {},
    ) => {
      for (const lang of LANGS) {
        await useLang(page, lang);
        for (const size of o.sizes ?? [DESKTOP, PHONE]) {
          await page.setViewportSize(size);
          await page.goto(`${base}${typeof path === 'string' ? path : await path()}`);
          await page.locator(ready).first().waitFor({ timeout: 20_000 });
          await page.waitForLoadState('networkidle').catch(() => undefined);
          for (const f of await scanRenderedText(page, lang))
            findings.push(`${name} ${lang}: ${f.kind} "${f.text}" at ${f.where}`);
          for (const f of await layoutFindings(page, { fitScreen: Boolean(o.fit) && size.width >= 1280 }))
            findings.push(`${name} ${lang} ${size.width}: ${f.kind} at ${f.where}`);
          const file = `training-sessions-${name}-${lang}-${size.width}.png`;
          await page.screenshot({ path: join(screenshotsDir(), file), fullPage: true });
          copyFileSync(join(screenshotsDir(), file), join(SHOTS, file));
        }
      }
    };
    const trainer = await pageAs(desk, TRAINER);
    await read(trainer, 'list', '/training/sessions', 'li.session-row');
    await read(trainer, 'new', '/training/sessions/new', '[data-testid="attendees"] .hall-group');
    await read(trainer, 'session-live', `/training/sessions/${ids.now}`, '[data-testid="course-score"]');
    await read(trainer, 'session-future', `/training/sessions/${ids.future}`, '[data-testid="mark-why"]');
    await read(trainer, 'session-cancelled', `/training/sessions/${ids.cancelled}`, '[data-testid="cancelled"]');
    await read(trainer, 'not-found', '/training/sessions/999999', '.state.not-found');
    await read(trainer, 'room', `/training/sessions/${ids.now}/room`, '[data-testid="room"][data-state="open"]', {
      sizes: [DESKTOP, PROJECTOR, PHONE],
      fit: true,
    });
    await read(trainer, 'room-before', `/training/sessions/${ids.future}/room`, '[data-testid="room-before"]', {
      sizes: [DESKTOP, PROJECTOR, PHONE],
      fit: true,
    });
    await trainer.close();
    const c1 = await pageAs(phone, CLERK1, PHONE);
    // A code of the moment for each load (one read a minute ago is no longer good).
    const fresh = async () =>
      `/training/checkin?s=${ids.now}&c=${(await api.trainer!.get<{ code: string }>('training.checkinCode', { sessionId: ids.now })).code}`;
    await read(c1, 'checkin-ok', fresh, '[data-testid="checkin-result"]');
    await read(c1, 'mine-rated', '/me/training', '[data-testid="feedback-given"]');
    await c1.close();
    // 李强 was marked present: his feedback is due, the form shown.
    const c2 = await pageAs(phone, CLERK2, PHONE);
    await read(c2, 'mine-form', '/me/training', '[data-testid="feedback-form"]');
    await read(c2, 'checkin-refused', `/training/checkin?s=${ids.future}&c=Zz9Zz9Zz`, '[data-testid="checkin-result"]');
    await c2.close();
    const wh = await pageAs(desk, WH);
    await read(wh, 'refused', '/training/sessions', '.state.refused');
    await wh.close();
    expect(findings).toEqual([]);
  });
});
