import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makePrivate } from './private-files.ts';

const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('makePrivate', () => {
  it('creates a missing folder 0700', () => {
    root = mkdtempSync(join(tmpdir(), 'private-'));
    expect(makePrivate(join(root, 'a', 'b'))).toEqual([]);
    expect(mode(join(root, 'a', 'b'))).toBe('700');
  });

  it('closes an open folder and the files and folders in it, and says what it changed', () => {
    root = mkdtempSync(join(tmpdir(), 'private-'));
    const dir = join(root, 'data');
    mkdirSync(join(dir, 'pki', 'own'), { recursive: true });
    writeFileSync(join(dir, 'hub.db'), 'x');
    writeFileSync(join(dir, 'pki', 'own', 'key.pem'), 'k');
    writeFileSync(join(dir, 'ok.json'), 'x');
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'pki'), 0o777);
    chmodSync(join(dir, 'pki', 'own'), 0o750);
    chmodSync(join(dir, 'hub.db'), 0o666);
    chmodSync(join(dir, 'pki', 'own', 'key.pem'), 0o644);
    chmodSync(join(dir, 'ok.json'), 0o600);
    const fixes = makePrivate(dir);
    expect(fixes.map((f) => [f.path.slice(dir.length), f.was, f.now]).sort()).toEqual([
      ['', '755', '700'],
      ['/hub.db', '666', '600'],
      ['/pki', '777', '700'],
      ['/pki/own', '750', '700'],
      ['/pki/own/key.pem', '644', '600'],
    ]);
    for (const p of ['', '/pki', '/pki/own']) expect(mode(dir + p)).toBe('700');
    for (const p of ['/hub.db', '/pki/own/key.pem', '/ok.json']) expect(mode(dir + p)).toBe('600');
  });
});
