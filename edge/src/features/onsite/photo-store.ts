/**
 * On-site photos (and signatures) on the hub, content-addressed: `<data folder>/onsite-photos/<sha256>`
 * (folder 0700, files 0600, written to a temporary name and renamed). Bounded by a quota of count and
 * bytes (HUB_ONSITE_PHOTOS_MAX, HUB_ONSITE_PHOTOS_MB): while the WAN is down for days photos stay here
 * until the cloud has them, and beyond the quota a new photo is refused with `onsite-photo-quota` (a form
 * can still be submitted; an item that needs a photo on fail cannot fail without one). A photo leaves
 * when the form naming it is acknowledged by the cloud (uploaded first, see photo-uploader.ts), or after
 * a day when no form named it (taken, then the form abandoned).
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_IMAGE_BYTES, sniffImage } from '@hall/devices/images';

export type PhotoRefusal = 'onsite-photo-not-image' | 'onsite-photo-too-large' | 'onsite-photo-quota';

export class PhotoRefused extends Error {
  readonly code: PhotoRefusal;
  constructor(code: PhotoRefusal) {
    super(code);
    this.code = code;
  }
}

const SHA = /^[0-9a-f]{64}$/;

export class PhotoStore {
  readonly dir: string;
  readonly maxCount: number;
  readonly maxBytes: number;
  #count = 0;
  #bytes = 0;
  /** Puts being written: counted against the quota before they land. */
  #reserved = 0;

  constructor(opts: { dir: string; maxCount: number; maxBytes: number }) {
    this.dir = opts.dir;
    this.maxCount = opts.maxCount;
    this.maxBytes = opts.maxBytes;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    for (const name of readdirSync(this.dir)) {
      const file = join(this.dir, name);
      // A temporary file left by a crash mid-write.
      if (!SHA.test(name)) {
        unlinkSync(file);
        continue;
      }
      this.#count += 1;
      this.#bytes += statSync(file).size;
    }
  }

  get usage() {
    return { count: this.#count, bytes: this.#bytes, maxCount: this.maxCount, maxBytes: this.maxBytes };
  }

  /** Stores the bytes under their SHA-256; the same bytes again are the same photo (no quota spent). */
  async put(bytes: Uint8Array): Promise<{ sha256: string; created: boolean }> {
    if (bytes.byteLength > MAX_IMAGE_BYTES) throw new PhotoRefused('onsite-photo-too-large');
    if (!sniffImage(bytes)) throw new PhotoRefused('onsite-photo-not-image');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (await this.has(sha256)) return { sha256, created: false };
    if (this.#count + this.#reserved + 1 > this.maxCount || this.#bytes + bytes.byteLength > this.maxBytes)
      throw new PhotoRefused('onsite-photo-quota');
    this.#reserved += 1;
    this.#bytes += bytes.byteLength;
    try {
      const tmp = join(this.dir, `.${randomUUID()}`);
      await writeFile(tmp, bytes, { mode: 0o600 });
      await rename(tmp, join(this.dir, sha256));
      this.#count += 1;
    } catch (err) {
      this.#bytes -= bytes.byteLength;
      throw err;
    } finally {
      this.#reserved -= 1;
    }
    return { sha256, created: true };
  }

  async has(sha256: string): Promise<boolean> {
    if (!SHA.test(sha256)) return false;
    try {
      return (await stat(join(this.dir, sha256))).isFile();
    } catch {
      return false;
    }
  }

  async read(sha256: string): Promise<Uint8Array | null> {
    if (!SHA.test(sha256)) return null;
    try {
      return new Uint8Array(await readFile(join(this.dir, sha256)));
    } catch {
      return null;
    }
  }

  async remove(sha256: string): Promise<void> {
    if (!SHA.test(sha256)) return;
    const file = join(this.dir, sha256);
    try {
      const { size } = await stat(file);
      await unlink(file);
      this.#count -= 1;
      this.#bytes -= size;
    } catch {
      // already gone
    }
  }

  /** Photos older than `olderThanMs` that no pending form names (abandoned forms): removed. */
  async sweep(named: ReadonlySet<string>, now: number, olderThanMs: number): Promise<number> {
    let removed = 0;
    for (const name of readdirSync(this.dir)) {
      if (!SHA.test(name) || named.has(name)) continue;
      try {
        if (now - statSync(join(this.dir, name)).mtimeMs < olderThanMs) continue;
      } catch {
        continue;
      }
      await this.remove(name);
      removed += 1;
    }
    return removed;
  }
}
