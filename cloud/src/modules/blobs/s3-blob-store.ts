/**
 * The blob store on an S3-compatible object store (AWS S3, MinIO, Aliyun OSS and Tencent COS in their S3
 * modes), for several cloud processes sharing one set of blobs. Requests are signed with AWS Signature
 * V4 by `aws4fetch` (a small maintained client on `fetch`; ARCHITECTURE.md says why not the AWS SDK).
 * Path-style addresses (`<endpoint>/<bucket>/<prefix><sha256>`), which every S3-compatible server takes.
 * Objects are immutable and named by their hash: a put of a name that exists is skipped.
 */
import { AwsClient } from 'aws4fetch';
import { MAX_DOCUMENT_BYTES, sha256Of, type BlobStore } from './blob-store.ts';

export interface S3BlobStoreOptions {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Key prefix inside the bucket (`blobs/`). */
  prefix?: string;
  /** Each request's bound (default 20 s). */
  timeoutMs?: number;
  /** For tests: the fetch to send through. */
  fetch?: typeof fetch;
}

const SHA = /^[0-9a-f]{64}$/;

export class S3BlobStore implements BlobStore {
  readonly #client: AwsClient;
  readonly #o: S3BlobStoreOptions;

  constructor(opts: S3BlobStoreOptions) {
    this.#o = opts;
    this.#client = new AwsClient({
      accessKeyId: opts.accessKeyId,
      secretAccessKey: opts.secretAccessKey,
      region: opts.region,
      service: 's3',
      retries: 2,
    });
  }

  #url(sha256: string) {
    if (!SHA.test(sha256)) throw new Error('not a SHA-256 name');
    return `${this.#o.endpoint.replace(/\/$/, '')}/${encodeURIComponent(this.#o.bucket)}/${this.#o.prefix ?? ''}${sha256}`;
  }

  async #send(sha256: string, init: RequestInit): Promise<Response> {
    const signed = await this.#client.sign(this.#url(sha256), init);
    const send = this.#o.fetch ?? fetch;
    return send(signed, { signal: AbortSignal.timeout(this.#o.timeoutMs ?? 20_000) });
  }

  async put(sha256: string, bytes: Uint8Array): Promise<void> {
    if (bytes.byteLength > MAX_DOCUMENT_BYTES) throw new Error('blob too large');
    if (sha256Of(bytes) !== sha256) throw new Error('bytes do not match their name');
    if (await this.has(sha256)) return;
    const res = await this.#send(sha256, {
      method: 'PUT',
      body: bytes,
      // The name is the bytes' SHA-256: sent as the signed payload hash, so the store checks the bytes too.
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(bytes.byteLength),
        'x-amz-content-sha256': sha256,
      },
    });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`object store answered ${res.status} to a put`);
  }

  async get(sha256: string): Promise<Uint8Array | null> {
    const res = await this.#send(sha256, { method: 'GET' });
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`object store answered ${res.status} to a get`);
    }
    const bytes = new Uint8Array(await res.arrayBuffer());
    // What comes back is checked like what goes in: a store that returns other bytes is an error.
    if (bytes.byteLength > MAX_DOCUMENT_BYTES || sha256Of(bytes) !== sha256)
      throw new Error('object store returned bytes that do not match their name');
    return bytes;
  }

  async has(sha256: string): Promise<boolean> {
    const res = await this.#send(sha256, { method: 'HEAD' });
    await res.body?.cancel();
    if (res.status === 404) return false;
    if (!res.ok) throw new Error(`object store answered ${res.status} to a head`);
    return true;
  }
}
