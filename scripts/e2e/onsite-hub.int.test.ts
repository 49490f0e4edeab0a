/**
 * On-site scoring through the hub while the WAN is down, with every part real: a cloud process on
 * PostgreSQL holding the checklist template, a hub process that took the hall config (with the template
 * in its `onsite` section, and the hall's manager with her role and PIN hash in its `staff` section) from
 * that cloud. The cloud is stopped; the manager signs in at the hub's on-site API with her own staff
 * number and PIN (a clerk's right PIN is refused as not a manager), uploads a photo and a signature, and submits a form with a failed item that needs a
 * photo → the hub journals it (its outbox holds it); a third photo is over the hub's photo quota and is
 * refused with a coded error. The cloud returns on the same address → the photos go up first, then the
 * form arrives in `onsite_forms` with its score and `scored_by` `staff:<her number>`, and `GET /blobs/<sha256>` gives the photo's bytes to a
 * signed-in manager; the hub's photos are gone (the cloud has them) and the quota is free again. The
 * same form submitted again is one form. Then the page itself on a 390×844 phone in Chromium (the
 * sign-in's refusals in words, both languages proof-read, screenshots in
 * .artifacts/screenshots/onsite-hub-*), the console's form page naming the manager, and a new checklist
 * version put in the cloud's hall config reaching the running hub.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import postgres from 'postgres';
import { hashSecretSync } from '@hall/devices/secrets';
import { freePort, launchBrowser, layoutFindings, scanRenderedText, screenshotsDir } from '@hall/scripts/harness';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ADMIN, cloudFixture, signIn, until, type CloudFixture } from './cloud-fixture.ts';
import { runPart, startPart, type PartProcess } from './processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'hall-e2e-onsite-'));
const parts: PartProcess[] = [];
let cloud: CloudFixture | null = null;
let sql: postgres.Sql | null = null;
/** The running hub's HTTP address, for the browser pass after the API one. */
let http = '';
/** The cloud's tRPC base and the hall config the test wrote, for the config change at the end. */
let cloudBase = '';
let hallDocument: Record<string, unknown> = {};
/** The form the API pass scored (the console's form page names its scorer). */
let apiFormId = '';
afterAll(async () => {
  await Promise.allSettled(parts.map((p) => p.stop('SIGKILL')));
  await sql?.end();
  await cloud?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The hall's manager, who scores on-site with her own staff number and PIN. */
const MANAGER = { staffId: 'M401', name: '陈静', pin: '731904' };
const HALL = 'H-ONS';
export const ONSITE_TEMPLATE = {
  id: 'counter-service',
  version: 3,
  zh: '窗口服务规范检查',
  en: 'Counter service check',
  subject: 'clerk',
  sections: [
    {
      id: 'manner',
      zh: '服务礼仪',
      en: 'Manner',
      items: [
        { id: 'greet', zh: '起身迎接、微笑问候', en: 'Stands, smiles and greets', kind: 'pass-fail', points: 10 },
        {
          id: 'badge',
          zh: '佩戴工牌、着装规范',
          en: 'Badge and uniform',
          kind: 'pass-fail',
          points: 10,
          photoOnFail: true,
        },
        { id: 'explain', zh: '业务讲解清楚', en: 'Explains clearly', kind: 'points', points: 20 },
      ],
    },
    {
      id: 'compliance',
      zh: '合规',
      en: 'Compliance',
      items: [
        { id: 'id-check', zh: '核验身份证件', en: 'Checks the ID', kind: 'pass-fail', points: 20, critical: true },
      ],
    },
  ],
};

/** A JPEG as the page sends one (the first bytes make the type; the rest is the picture). */
const jpeg = (seed: number): Uint8Array<ArrayBuffer> => {
  const b = new Uint8Array(40_000).map((_, i) => (i * seed) % 251);
  b.set([0xff, 0xd8, 0xff, 0xe0]);
  return b;
};
const png = (): Uint8Array<ArrayBuffer> => {
  const b = new Uint8Array(2_000).fill(3);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return b;
};

describe('an on-site form scored at the hub while the cloud is away', () => {
  it('is journaled on the hub, and reaches the cloud with its score and photo when the cloud returns', async () => {
    cloud = await cloudFixture('e2e');
    sql = postgres(cloud.url, { max: 2, onnotice: () => {} });
    const configFile = join(dir, 'hall.yaml');
    hallDocument = {
      hall: { capacity: 60 },
      services: [{ id: 'billing', name: '话费', prefix: 'A' }],
      counters: [
        { id: 'C01', name: '1号窗口', services: { billing: 1 } },
        { id: 'C02', name: '2号窗口', services: { billing: 1 } },
      ],
      staff: [
        { id: 'E401', name: '周婷', pinHash: hashSecretSync('240401') },
        { id: 'E402', name: '王芳' },
        { id: MANAGER.staffId, name: MANAGER.name, role: 'manager', pinHash: hashSecretSync(MANAGER.pin) },
      ],
      onsite: { templates: [ONSITE_TEMPLATE] },
    };
    writeFileSync(configFile, stringify(hallDocument));
    const { token } = JSON.parse(
      await runPart('cloud/src/main.ts', { ...cloud.env, CLOUD_PORT: '0' }, [
        'add-hub',
        '--hall',
        HALL,
        '--name',
        '现场评分厅',
        '--time-zone',
        'Asia/Shanghai',
        '--hub',
        'hub-ons',
        '--config',
        configFile,
      ]),
    ) as { token: string };
    // The template version the hub scores with, as the performance module keeps it.
    await sql`insert into checklist_templates (id, version, org_unit_id, document)
              values (${ONSITE_TEMPLATE.id}, ${ONSITE_TEMPLATE.version}, 'hq', ${sql.json(ONSITE_TEMPLATE)})`;
    const cloudPort = await freePort();
    let c = await cloud.start({ CLOUD_PORT: String(cloudPort) });
    const hubDir = join(dir, 'hub');
    const hub = await startPart(
      'edge/src/main.ts',
      {
        HUB_DATA_DIR: hubDir,
        HUB_HOST: '127.0.0.1',
        HUB_MQTT_PORT: String(await freePort()),
        HUB_HTTP_PORT: String(await freePort()),
        HUB_CLOUD_URL: `http://127.0.0.1:${cloudPort}`,
        HUB_ID: 'hub-ons',
        HUB_TOKEN: token,
        HUB_ONSITE_PHOTOS_MAX: '2',
        HUB_CONFIG_POLL_MS: '1000',
        LOG_LEVEL: 'info',
      },
      'hub.ready',
    );
    parts.push(hub);
    http = `http://127.0.0.1:${hub.ready.http as number}`;

    // The WAN goes down.
    await c.stop('SIGKILL');

    const call = async <T>(path: string, input: unknown, bearer: string | null): Promise<T> => {
      const res = await fetch(`${http}/trpc/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: JSON.stringify(input),
      });
      const body = (await res.json()) as { result?: { data: T }; error?: unknown };
      if (!body.result) throw new Error(`${path}: ${res.status} ${JSON.stringify(body.error)}`);
      return body.result.data;
    };
    const signInAs = (staffId: string, pin: string) =>
      fetch(`${http}/trpc/onsite.signIn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ staffId, pin }),
      });
    expect((await signInAs(MANAGER.staffId, '000000')).status).toBe(401);
    // A clerk with her right PIN: not a manager (the hub learnt the roles from the cloud's employees).
    const clerk = await signInAs('E401', '240401');
    expect(clerk.status).toBe(403);
    expect(((await clerk.json()) as { error: { data: { refusal: string } } }).error.data.refusal).toBe(
      'onsite-not-a-manager',
    );
    const signedIn = await call<{ token: string; scorer: { name: string } }>(
      'onsite.signIn',
      { staffId: MANAGER.staffId, pin: MANAGER.pin },
      null,
    );
    expect(signedIn.scorer.name).toBe(MANAGER.name);
    const session = signedIn.token;
    const context = await fetch(`${http}/trpc/onsite.context`, { headers: { authorization: `Bearer ${session}` } });
    const ctx = ((await context.json()) as { result: { data: { templates: Array<{ id: string }>; staff: unknown[] } } })
      .result.data;
    expect(ctx.templates.map((t) => t.id)).toEqual(['counter-service']);
    expect(ctx.staff).toHaveLength(3);

    const upload = (bytes: Uint8Array<ArrayBuffer>, bearer = session) =>
      fetch(`${http}/onsite/photos`, { method: 'POST', headers: { authorization: `Bearer ${bearer}` }, body: bytes });
    expect((await upload(jpeg(7), 'no-session')).status).toBe(401);
    const photoRes = await upload(jpeg(7));
    expect(photoRes.status).toBe(201);
    const photo = ((await photoRes.json()) as { sha256: string }).sha256;
    const signature = ((await (await upload(png())).json()) as { sha256: string }).sha256;
    // The hub keeps at most two photos here: a third is refused, coded, until the cloud has the others.
    const over = await upload(jpeg(11));
    expect(over.status).toBe(507);
    expect(((await over.json()) as { error: { code: string } }).error.code).toBe('onsite-photo-quota');

    const formId = randomUUID();
    apiFormId = formId;
    const form = {
      formId,
      templateId: 'counter-service',
      templateVersion: 3,
      subjectKind: 'clerk',
      subjectId: 'E402',
      counterId: 'C02',
      ticketNo: null,
      answers: [
        { itemId: 'greet', result: 'pass', points: null, note: null, photos: [] },
        { itemId: 'badge', result: 'fail', points: null, note: '未佩戴工牌', photos: [photo] },
        { itemId: 'explain', result: 'pass', points: 16, note: null, photos: [] },
        { itemId: 'id-check', result: 'pass', points: null, note: null, photos: [] },
      ],
      signature,
    };
    // A failed item that needs a photo, without one: refused by the cloud's rule, on the hub, naming it.
    const noPhoto = await call<{ ok: boolean; code?: string; itemId?: string }>(
      'onsite.submit',
      { ...form, formId: randomUUID(), answers: form.answers.map((a) => ({ ...a, photos: [] })) },
      session,
    );
    expect(noPhoto).toMatchObject({ ok: false, code: 'onsite-photo-required', itemId: 'badge' });
    const submitted = await call<{ ok: boolean; points: number; maxPoints: number }>('onsite.submit', form, session);
    expect(submitted).toMatchObject({ ok: true, duplicate: false, points: 46, maxPoints: 60 });

    // Journaled: in the hub's journal and its outbox, waiting for the cloud.
    const hubDb = new Database(join(hubDir, 'hub.db'), { readonly: true });
    try {
      const rows = hubDb.prepare("select count(*) as n from outbox where kind = 'onsite.scored'").get() as {
        n: number;
      };
      expect(rows.n).toBe(1);
    } finally {
      hubDb.close();
    }

    // The WAN comes back on the same address.
    c = await cloud.start({ CLOUD_PORT: String(cloudPort) });
    cloudBase = c.base;
    const stored = await until(
      'the form in the cloud',
      async () =>
        (
          await sql!`select points, max_points, critical_failed, source, scored_by, subject_id, answers
                     from onsite_forms where form_id = ${formId}`
        )[0],
      60_000,
    );
    expect(stored).toMatchObject({
      points: 46,
      max_points: 60,
      critical_failed: false,
      source: 'hub',
      scored_by: `staff:${MANAGER.staffId}`,
      subject_id: 'E402',
    });
    const admin = await signIn(c.base);
    const got = await fetch(`http://127.0.0.1:${cloudPort}/blobs/${photo}`, { headers: { cookie: admin.cookie } });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(jpeg(7));
    expect(
      (await fetch(`http://127.0.0.1:${cloudPort}/blobs/${signature}`, { headers: { cookie: admin.cookie } })).status,
    ).toBe(200);

    // Acknowledged: the hub's copies are gone (the cloud has them), so its quota is free again.
    await until(
      'the hub’s photos released',
      async () => {
        const res = await fetch(`${http}/trpc/onsite.context`, { headers: { authorization: `Bearer ${session}` } });
        return (
          ((await res.json()) as { result: { data: { photos: { count: number } } } }).result.data.photos.count === 0
        );
      },
      30_000,
    );
    // Submitted again (a retry from the page): recognised by its form id, not journaled again — one form.
    const again = await call<{ ok: boolean; duplicate: boolean }>('onsite.submit', form, session);
    expect(again).toMatchObject({ ok: true, duplicate: true });
    const count = await sql`select count(*)::int as n from onsite_forms where form_id = ${formId}`;
    expect(count[0]?.n).toBe(1);
  });

  it('works as a page on a 390×844 phone in Chromium (sign in, a clerk at a counter first, tick, photograph, sign, submit); a new checklist version reaches the running hub', async () => {
    expect(http).not.toBe('');
    // A clerk signs in at counter 1: the page offers her first.
    const signedIn = await fetch(`${http}/trpc/counter.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ counterId: 'C01', staffId: 'E401', pin: '240401' }),
    });
    expect(signedIn.status).toBe(200);
    const browser = await launchBrowser({ viewport: { width: 390, height: 844 } });
    try {
      const page = await browser.context.newPage();
      await page.goto(`${http}/hall/onsite/`);
      await page.evaluate(() => window.localStorage.setItem('hall.lang', 'zh-CN'));
      await page.reload();
      const staffInput = page.locator('input[name="staffId"]');
      const pinInput = page.locator('input[name="pin"]');
      await staffInput.waitFor();
      // A phone shows its number pad for the PIN, and no browser offers to remember it.
      expect(await pinInput.getAttribute('inputmode')).toBe('numeric');
      expect(await pinInput.getAttribute('autocomplete')).toBe('off');
      expect(await page.locator('.onsite-signin').innerText()).toMatch(/工号[\s\S]*PIN 码/);
      await page.screenshot({ path: join(screenshotsDir(), 'onsite-hub-phone-zh-signin.png'), fullPage: true });
      const trySignIn = async (staffId: string, pin: string) => {
        await staffInput.fill(staffId);
        await pinInput.fill(pin);
        // The button is disabled while the hub checks: enabled again, the answer on screen is this one's.
        await page.locator('form button[type="submit"]').click();
        await page.locator('form button[type="submit"]:not([disabled])').waitFor();
        return page.locator('.onsite-signin [role="alert"]').textContent();
      };
      // Refusals in words: a clerk's right PIN (not a manager), a wrong PIN.
      expect(await trySignIn('E401', '240401')).toBe('只有店长或组长可以现场评分');
      await page.screenshot({ path: join(screenshotsDir(), 'onsite-hub-phone-zh-signin-refused.png'), fullPage: true });
      expect(await trySignIn('X998', '12345678')).toBe('工号或 PIN 码不正确');
      const signInFindings = (await scanRenderedText(page, 'zh-CN')).map((f) => `${f.kind}: "${f.text}" at ${f.where}`);
      // Too many wrong PINs for one staff number: the wait, in seconds, in English too. The sixth wrong PIN
      // starts a one-second backoff: the next try within it is told to wait (a slow machine may need one
      // more round; this address stays within its own ten wrong attempts, so the manager still gets in).
      await page.evaluate(() => window.localStorage.setItem('hall.lang', 'en'));
      await page.reload();
      await staffInput.waitFor();
      expect(await page.locator('.onsite-signin').innerText()).toMatch(/Staff ID[\s\S]*PIN/);
      const answers: Array<string | null> = [];
      for (let i = 0; i < 8 && !answers.at(-1)?.startsWith('Too many'); i++)
        answers.push(await trySignIn('X999', '12345678'));
      expect(answers.slice(0, 6)).toEqual(Array.from({ length: 6 }, () => 'Wrong staff ID or PIN'));
      expect(answers.at(-1)).toMatch(/^Too many attempts: try again in \d+ s$/);
      await page.screenshot({ path: join(screenshotsDir(), 'onsite-hub-phone-en-signin-wait.png'), fullPage: true });
      expect(await trySignIn('E401', '240401')).toBe('Only a hall manager or team lead scores on-site');
      await page.screenshot({ path: join(screenshotsDir(), 'onsite-hub-phone-en-signin.png'), fullPage: true });
      signInFindings.push(...(await scanRenderedText(page, 'en')).map((f) => `${f.kind}: "${f.text}" at ${f.where}`));
      signInFindings.push(...(await layoutFindings(page)).map((f) => JSON.stringify(f)));
      expect(signInFindings).toEqual([]);
      await page.evaluate(() => window.localStorage.setItem('hall.lang', 'zh-CN'));
      await page.reload();
      await staffInput.fill(MANAGER.staffId);
      await pinInput.fill(MANAGER.pin);
      await page.locator('form button[type="submit"]').click();
      // Signed in as herself: the page names her.
      await page.locator('.onsite-scorer').waitFor();
      expect((await page.locator('.onsite-scorer').innerText()).replace(/\s+/g, ' ')).toBe(`评分人 ${MANAGER.name}`);
      const clerk = page.locator('.onsite-subjects button', { hasText: '周婷' });
      await clerk.waitFor();
      expect(await clerk.textContent()).toContain('1号窗口');
      await clerk.click();
      const item = (name: string) => page.locator('.onsite-item', { hasText: name });
      await item('起身迎接').locator('button[data-choice="pass"]').click();
      await item('业务讲解').locator('button[data-choice="pass"]').click();
      await item('业务讲解').locator('input[type="number"]').fill('16');
      await item('核验身份证件').locator('button[data-choice="pass"]').click();
      await item('佩戴工牌').locator('button[data-choice="fail"]').click();
      // A real camera picture: a JPEG the page decodes, downscales and sends to the hub.
      const photo = await page.evaluate(async () => {
        const c = document.createElement('canvas');
        c.width = 2400;
        c.height = 1800;
        const g = c.getContext('2d') as CanvasRenderingContext2D;
        g.fillStyle = '#c33';
        g.fillRect(0, 0, 2400, 1800);
        g.fillStyle = '#fff';
        g.fillRect(600, 600, 1200, 600);
        const b = await new Promise<Blob>((r) => c.toBlob((x) => r(x as Blob), 'image/jpeg', 0.9));
        return [...new Uint8Array(await b.arrayBuffer())];
      });
      await item('佩戴工牌')
        .locator('input[type="file"]')
        .setInputFiles({ name: 'badge.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(photo) });
      await item('佩戴工牌').locator('.onsite-photo img').waitFor();
      // The preview shows (the page's CSP allows data: images only).
      expect(
        await item('佩戴工牌')
          .locator('.onsite-photo img')
          .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
      ).toBe(true);
      await page.locator('.onsite-signature canvas').scrollIntoViewIfNeeded();
      const box = await page.locator('.onsite-signature canvas').boundingBox();
      if (!box) throw new Error('no signature pad');
      await page.mouse.move(box.x + 20, box.y + 40);
      await page.mouse.down();
      await page.mouse.move(box.x + 120, box.y + 80, { steps: 5 });
      await page.mouse.move(box.x + 220, box.y + 30, { steps: 5 });
      await page.mouse.up();
      const shots = screenshotsDir();
      await page.screenshot({ path: join(shots, 'onsite-hub-phone-zh.png'), fullPage: true });
      const findings = [
        ...(await scanRenderedText(page, 'zh-CN')).map((f) => `${f.kind}: "${f.text}" at ${f.where}`),
        ...(await layoutFindings(page)).map((f) => JSON.stringify(f)),
      ];
      await page.locator('.onsite-submit button.onsite-primary').click();
      await page.locator('.onsite-done').waitFor();
      expect(await page.locator('.onsite-done h2').textContent()).toBe('已保存：46 / 60 分');
      expect(await page.locator('.onsite-done-who').textContent()).toBe('周婷 · 窗口服务规范检查');
      await page.screenshot({ path: join(shots, 'onsite-hub-phone-zh-done.png'), fullPage: true });
      // The same page in English, and on a desktop screen.
      await page.evaluate(() => window.localStorage.setItem('hall.lang', 'en'));
      await page.reload();
      await page.locator('.onsite-subjects button').first().click();
      await page.screenshot({ path: join(shots, 'onsite-hub-phone-en.png'), fullPage: true });
      findings.push(...(await scanRenderedText(page, 'en')).map((f) => `${f.kind}: "${f.text}" at ${f.where}`));
      await page.setViewportSize({ width: 1920, height: 1080 });
      await page.screenshot({ path: join(shots, 'onsite-hub-desktop-en.png'), fullPage: true });
      expect(findings).toEqual([]);

      // The console's page of the form scored at the hub names the manager who scored it, not her number.
      const consolePage = await browser.context.newPage();
      const consoleBase = cloudBase.replace(/\/trpc$/, '');
      await consolePage.goto(`${consoleBase}/login`);
      await consolePage.evaluate(() => window.localStorage.setItem('hall.lang', 'zh-CN'));
      await consolePage.locator('input[name="username"], #username').first().fill(ADMIN.username);
      await consolePage.locator('input[type="password"]').first().fill(ADMIN.password);
      await consolePage.locator('form button[type="submit"]').first().click();
      await consolePage.locator('.shell').waitFor();
      await consolePage.goto(`${consoleBase}/halls/${HALL}/onsite/${apiFormId}`);
      const scorer = consolePage
        .locator('dl.facts dt', { hasText: '评分人' })
        .locator('xpath=following-sibling::dd[1]');
      await scorer.waitFor();
      expect(await scorer.innerText()).toBe(`${MANAGER.name} · 经厅内主机提交`);
      await consolePage.screenshot({ path: join(shots, 'onsite-hub-console-form-zh.png'), fullPage: true });
    } finally {
      await browser.close();
    }
    // The form the page submitted is journaled: two on-site forms in the hub's journal now.
    const hubDb = new Database(join(dir, 'hub', 'hub.db'), { readonly: true });
    try {
      const bodies = (
        hubDb.prepare("select body from events where type = 'onsite.scored' order by seq").all() as Array<{
          body: string;
        }>
      ).map(
        (r) =>
          JSON.parse(r.body) as {
            counterId: string | null;
            signature: string | null;
            answers: Array<{ photos: string[] }>;
          },
      );
      expect(bodies).toHaveLength(2);
      // Scored from the clerk at counter 1, with the photo and the signature drawn on the pad.
      // In the name of the manager who signed in at the page.
      expect(bodies[1]).toMatchObject({ subjectId: 'E401', counterId: 'C01', scoredBy: `staff:${MANAGER.staffId}` });
      expect(bodies[1]?.signature).toMatch(/^[0-9a-f]{64}$/);
      expect(bodies[1]?.answers[1]?.photos).toHaveLength(1);
    } finally {
      hubDb.close();
    }
    // A new checklist version published in the cloud reaches the running hub at its next config poll.
    const admin = await signIn(cloudBase);
    // Saved as the performance module keeps checklists (a new version at HQ): every hall's config under it
    // gets its `onsite` section rewritten.
    const { version: _v3, ...draft } = ONSITE_TEMPLATE;
    const put = await fetch(`${cloudBase}/onsite.saveTemplate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      body: JSON.stringify({
        orgUnitId: 'hq',
        template: { ...draft, zh: '窗口服务规范检查（新版）', en: 'Counter service check (new)' },
      }),
    });
    expect(put.status, await put.clone().text()).toBe(200);
    const session = (
      (await (
        await fetch(`${http}/trpc/onsite.signIn`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ staffId: MANAGER.staffId, pin: MANAGER.pin }),
        })
      ).json()) as { result: { data: { token: string } } }
    ).result.data.token;
    await until(
      'the new checklist version on the hub',
      async () => {
        const res = await fetch(`${http}/trpc/onsite.context`, { headers: { authorization: `Bearer ${session}` } });
        const data = ((await res.json()) as { result: { data: { templates: Array<{ version: number }> } } }).result
          .data;
        return data.templates.map((x) => x.version).join() === '4';
      },
      30_000,
    );
  });
});
