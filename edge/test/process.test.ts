/**
 * `npm run edge` as an operator runs it: a config with mistakes is refused with every bad field named;
 * with a certificate the hub speaks MQTT over TLS and HTTPS.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { request } from 'node:https';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { credential, hallConfig } from './support/test-hub.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'hall-edge-proc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function hubProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'edge/src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { child, out: () => out, err: () => err };
}

describe('npm run edge', () => {
  it("refuses a broken hall config, naming every bad field on one line, and exits 2 (the operator's to fix)", async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(
      file,
      stringify({
        hall: { id: 'H1', name: 'x', timeZone: 'Mars/Olympus', capacity: 10 },
        services: [{ id: 'billing', name: 'Billing', prefix: 'a1' }],
        counters: [{ id: 'C01', name: '1', services: { nope: 1 } }],
        devices: [{ id: 'ctr-1', kind: 'counter-terminal', secretHash: 'plain-text-secret' }],
      }),
    );
    const p = hubProcess({ HUB_CONFIG: file, HUB_DATA_DIR: join(dir, 'broken-data') });
    const [code] = (await once(p.child, 'exit')) as [number];
    expect(code).toBe(2);
    for (const field of ['hall.timeZone', 'services.0.prefix', 'counters.0.services.nope', 'devices.0.secretHash'])
      expect(p.err()).toContain(field);
    expect(p.err().trimEnd().split('\n')).toHaveLength(1);
  });

  it('says which environment variable is missing', async () => {
    const p = hubProcess({ HUB_CONFIG: '' });
    const [code] = (await once(p.child, 'exit')) as [number];
    expect(code).toBe(2);
    expect(p.err()).toContain('HUB_CONFIG');
  });

  it('speaks MQTT over TLS and HTTPS when given a certificate', async () => {
    const cert = join(dir, 'hub.crt');
    const key = join(dir, 'hub.key');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const file = join(dir, 'tls.yaml');
    writeFileSync(file, stringify(hallConfig()));
    const p = hubProcess({
      HUB_CONFIG: file,
      HUB_DATA_DIR: join(dir, 'tls-data'),
      HUB_HOST: '127.0.0.1',
      HUB_MQTT_PORT: '0',
      HUB_HTTP_PORT: '0',
      HUB_MQTTS_PORT: '0',
      HUB_TLS_CERT: cert,
      HUB_TLS_KEY: key,
      LOG_LEVEL: 'warn',
    });
    try {
      const deadline = Date.now() + 20_000;
      while (!p.out().includes('hub.ready') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const ready = JSON.parse(
        p
          .out()
          .split('\n')
          .find((l) => l.includes('hub.ready')) ?? '{}',
      ) as { mqtts: number; http: number };
      expect(ready.mqtts).toBeGreaterThan(0);
      const ca = readFileSync(cert);
      const client = await mqtt.connectAsync(`mqtts://127.0.0.1:${ready.mqtts}`, {
        ca,
        clientId: 'kiosk-1',
        username: 'kiosk-1',
        password: credential('kiosk-1').secret,
        protocolVersion: 4,
        reconnectPeriod: 0,
      });
      expect(client.connected).toBe(true);
      await client.endAsync();
      const health = await new Promise<string>((done, fail) => {
        request({ host: '127.0.0.1', port: ready.http, path: '/health', ca }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => done(body));
        })
          .on('error', fail)
          .end();
      });
      expect(JSON.parse(health)).toMatchObject({ status: 'ok' });
    } finally {
      p.child.kill('SIGTERM');
      await once(p.child, 'exit');
    }
  }, 60_000);
});
