/**
 * The S3-compatible blob store without an S3 server (none can run here):
 * - request signing against AWS's published Signature V4 test vector (`get-vanilla` of the SigV4 test
 *   suite) through the same library the store signs with;
 * - a contract test against a small in-memory S3 on loopback: path-style addresses under the prefix,
 *   every request signed for the bucket's region and `s3`, the payload hash sent and equal to the
 *   bytes' SHA-256, a put of a name that exists skipped, a missing object null, bytes that do not match
 *   their name refused on the way in and on the way out.
 * Not checked here: a real S3/MinIO/OSS accepting these signatures, and virtual-host-style addresses.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { AwsV4Signer } from 'aws4fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BlobStore } from './s3-blob-store.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('Signature V4', () => {
  it('signs AWS’s get-vanilla test request to the published signature', async () => {
    const signed = await new AwsV4Signer({
      url: 'https://example.amazonaws.com/',
      method: 'GET',
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      region: 'us-east-1',
      service: 'service',
      datetime: '20150830T123600Z',
    }).sign();
    expect(signed.headers.get('authorization')).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });
});

describe('S3BlobStore against an in-memory S3', () => {
  const objects = new Map<string, Buffer>();
  const requests: Array<{ method: string; path: string; authorization: string; payloadHash: string | null }> = [];
  let server: Server;
  let endpoint = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '';
        requests.push({
          method: req.method ?? '',
          path,
          authorization: req.headers.authorization ?? '',
          payloadHash: (req.headers['x-amz-content-sha256'] as string | undefined) ?? null,
        });
        if (
          !/^AWS4-HMAC-SHA256 Credential=KEY\/\d{8}\/cn-east-1\/s3\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/.test(
            req.headers.authorization ?? '',
          )
        ) {
          res.statusCode = 403;
          return res.end();
        }
        if (req.method === 'PUT') {
          objects.set(path, Buffer.concat(chunks));
          return res.end();
        }
        const o = objects.get(path);
        if (!o) {
          res.statusCode = 404;
          return res.end();
        }
        res.setHeader('content-length', o.length);
        res.end(req.method === 'HEAD' ? undefined : o);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  const store = () =>
    new S3BlobStore({
      endpoint,
      bucket: 'hall-blobs',
      region: 'cn-east-1',
      accessKeyId: 'KEY',
      secretAccessKey: 'SECRET',
      prefix: 'blobs/',
    });

  it('puts signed, path-style, with the payload hash; skips a put of a name it has; reads the bytes back', async () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]);
    const name = sha(bytes);
    await store().put(name, bytes);
    const put = requests.find((r) => r.method === 'PUT');
    expect(put?.path).toBe(`/hall-blobs/blobs/${name}`);
    expect(put?.payloadHash).toBe(name);
    const before = requests.length;
    await store().put(name, bytes);
    expect(requests.slice(before).map((r) => r.method)).toEqual(['HEAD']);
    expect(await store().get(name)).toEqual(bytes);
    expect(await store().has(name)).toBe(true);
    expect(await store().get('0'.repeat(64))).toBeNull();
  });

  it('refuses bytes that do not match their name, going in and coming out', async () => {
    await expect(store().put('1'.repeat(64), new Uint8Array([1]))).rejects.toThrow();
    objects.set(`/hall-blobs/blobs/${'2'.repeat(64)}`, Buffer.from([9, 9]));
    await expect(store().get('2'.repeat(64))).rejects.toThrow(/do not match/);
  });
});
