/**
 * Where blob bytes live. `FsBlobStore` keeps them under `<data folder>/blobs/ab/abcdef…` (folders 0700,
 * files 0600, written to a temporary name and renamed, so a reader never sees half a file); an
 * S3-compatible store implements the same interface for several cloud processes. Names are the
 * SHA-256 of the bytes: a put of bytes that do not hash to the name is refused.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_IMAGE_BYTES, sniffImage } from '@hall/devices/images';

export interface BlobStore {
  put(sha256: string, bytes: Uint8Array): Promise<void>;
  get(sha256: string): Promise<Uint8Array | null>;
  has(sha256: string): Promise<boolean>;
}

/** The most bytes one photo may have (a photo is downscaled in the browser to well under this). */
export const MAX_BLOB_BYTES = MAX_IMAGE_BYTES;
/** The most bytes of a training document (a PDF). */
export const MAX_DOCUMENT_BYTES = 30 * 1024 * 1024;

/** A PDF by its first bytes (`%PDF-`); null for anything else. */
export function sniffDocument(bytes: Uint8Array): 'application/pdf' | null {
  return bytes.length >= 5 && String.fromCharCode(...bytes.subarray(0, 5)) === '%PDF-' ? 'application/pdf' : null;
}

const SHA = /^[0-9a-f]{64}$/;
export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The image types accepted, by their first bytes (the hub checks the same way). */
export { sniffImage };

export class FsBlobStore implements BlobStore {
  private readonly root: string;
  constructor(root: string) {
    this.root = root;
  }

  private path(sha256: string) {
    if (!SHA.test(sha256)) throw new Error('not a SHA-256 name');
    return { dir: join(this.root, sha256.slice(0, 2)), file: join(this.root, sha256.slice(0, 2), sha256) };
  }

  async put(sha256: string, bytes: Uint8Array): Promise<void> {
    if (bytes.byteLength > MAX_DOCUMENT_BYTES) throw new Error('blob too large');
    if (sha256Of(bytes) !== sha256) throw new Error('bytes do not match their name');
    const { dir, file } = this.path(sha256);
    if (await this.has(sha256)) return;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = join(dir, `.${randomUUID()}`);
    await writeFile(tmp, bytes, { mode: 0o600 });
    await rename(tmp, file);
  }

  async get(sha256: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await readFile(this.path(sha256).file));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.path(sha256).file)).isFile();
    } catch {
      return false;
    }
  }
}
