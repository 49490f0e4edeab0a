/**
 * The harness itself: the services it started answer with the credentials it handed out (and not
 * without them), and Chromium renders a page. Every integration test stands on these.
 */
import { createServer } from 'node:http';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { run } from './process.ts';
import { axeViolations, launchBrowser, layoutFindings, scanRenderedText, testServices } from './index.ts';

describe('test harness', () => {
  it('runs a private PostgreSQL 15 that takes the generated password and refuses a wrong one', async () => {
    const { postgres } = testServices();
    const psql = (password: string) =>
      run(
        'psql',
        [
          postgres.url.replace(encodeURIComponent(postgres.password), encodeURIComponent(password)),
          '-Atc',
          'show server_version_num',
        ],
        {
          env: { ...process.env, PGCONNECT_TIMEOUT: '5' },
        },
      );
    const version = Number((await psql(postgres.password)).trim());
    expect(Math.floor(version / 10_000)).toBe(15);
    await expect(psql('wrong-password')).rejects.toThrow(/password authentication failed/);
  });

  it('runs a private InfluxDB 1.x that stores a point written with the writer credentials', async () => {
    const { influx } = testServices();
    const auth = `u=${influx.user}&p=${encodeURIComponent(influx.password)}`;
    const ts = 1_700_000_000_000;
    const write = await fetch(
      `${influx.url}/write?db=${influx.database}&rp=${influx.retentionPolicy}&precision=ms&${auth}`,
      {
        method: 'POST',
        body: `harness_check,hall=H1 value=42i ${ts}`,
      },
    );
    expect(write.status).toBe(204);
    const query = await fetch(
      `${influx.url}/query?db=${influx.database}&epoch=ms&${auth}&q=${encodeURIComponent('SELECT value FROM harness_check')}`,
    );
    const body = (await query.json()) as { results: Array<{ series?: Array<{ values: unknown[][] }> }> };
    expect(body.results[0]?.series?.[0]?.values).toEqual([[ts, 42]]);
    const anonymous = await fetch(`${influx.url}/write?db=${influx.database}`, {
      method: 'POST',
      body: 'harness_check value=1i',
    });
    expect(anonymous.status).toBe(401);
  });

  it('drives Debian Chromium through playwright-core', async () => {
    const server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end('<!doctype html><title>营业厅</title><button onclick="this.textContent=\'已叫号\'">叫号</button>');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.getByRole('button', { name: '叫号' }).click();
      expect(await page.getByRole('button').textContent()).toBe('已叫号');
    } finally {
      await browser.close();
      server.close();
    }
  });

  it('finds accessibility faults with axe-core: a missing label, low contrast, a tiny touch target', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.setContent(
        '<!doctype html><html lang="zh-CN"><title>评价</title><main><input type="text"><p style="color:#777;background:#888">请评价</p>' +
          '<button style="width:10px;height:10px;padding:0;border:0" aria-label="一星"></button><button style="width:10px;height:10px;padding:0;border:0" aria-label="二星"></button></main></html>',
      );
      const ids = (await axeViolations(page)).map((v) => v.id);
      expect(ids).toEqual(expect.arrayContaining(['label', 'color-contrast', 'target-size']));
    } finally {
      await browser.close();
    }
  });
});

describe('text and layout scan', () => {
  it('finds the other script, long numbers, raw codes and overflow a user would see, and skips data marked with its own lang', async () => {
    const browser = await launchBrowser({ viewport: { width: 400, height: 300 } });
    try {
      const page = await browser.context.newPage();
      await page.setContent(
        '<!doctype html><html lang="zh-CN"><body style="margin:0"><p>未执行：counter C07 has no ticket called</p>' +
          '<p>最早的已等 53.684016666666665 分钟</p><p>alarm.acked</p><p>COUNTER_BUSY</p><p>共 12,345 张</p>' +
          '<p lang="en">Counter seven</p><p translate="no">PIN 482913</p><p>已确认 · 王芳 · 10:05</p>' +
          '<div style="width:600px;height:20px">宽</div></body></html>',
      );
      const findings = await scanRenderedText(page, 'zh-CN');
      expect(findings.map((f) => [f.kind, f.text])).toEqual([
        ['other-script', '未执行：counter C07 has no ticket called'],
        ['long-number', '最早的已等 53.684016666666665 分钟'],
        ['raw-code', 'alarm.acked'],
        ['raw-code', 'COUNTER_BUSY'],
      ]);
      expect((await layoutFindings(page)).map((f) => f.kind)).toEqual(['horizontal-overflow']);
      const fit = await layoutFindings(page, { fitScreen: true });
      expect(fit.map((f) => f.kind)).toContain('outside-viewport');

      await page.setContent(
        '<!doctype html><html lang="en"><body><p>Waiting: 3</p><p>已等 3 分钟</p><p><span lang="zh-CN">福田营业厅</span> open</p></body></html>',
      );
      expect((await scanRenderedText(page, 'en')).map((f) => [f.kind, f.text])).toEqual([
        ['other-script', '已等 3 分钟'],
      ]);
    } finally {
      await browser.close();
    }
  });
});
