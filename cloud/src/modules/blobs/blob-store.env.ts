/** The blob store the environment asks for: S3-compatible when BLOB_S3_* are set, else a folder. */
import { join } from 'node:path';
import type { CloudEnv } from '../../env.ts';
import { FsBlobStore, type BlobStore } from './blob-store.ts';
import { S3BlobStore } from './s3-blob-store.ts';

export function blobStoreFrom(env: CloudEnv): { store: BlobStore; where: string } {
  if (!env.BLOB_S3_ENDPOINT) {
    const root = join(env.CLOUD_DATA_DIR, 'blobs');
    return { store: new FsBlobStore(root), where: root };
  }
  const missing = (['BLOB_S3_BUCKET', 'BLOB_S3_ACCESS_KEY_ID', 'BLOB_S3_SECRET_ACCESS_KEY'] as const).filter(
    (k) => !env[k],
  );
  if (missing.length) throw new Error(`environment:\n  BLOB_S3_ENDPOINT needs ${missing.join(', ')}`);
  return {
    store: new S3BlobStore({
      endpoint: env.BLOB_S3_ENDPOINT,
      bucket: env.BLOB_S3_BUCKET as string,
      region: env.BLOB_S3_REGION,
      accessKeyId: env.BLOB_S3_ACCESS_KEY_ID as string,
      secretAccessKey: env.BLOB_S3_SECRET_ACCESS_KEY as string,
      prefix: env.BLOB_S3_PREFIX,
    }),
    where: `${env.BLOB_S3_ENDPOINT.replace(/\/$/, '')}/${env.BLOB_S3_BUCKET}/${env.BLOB_S3_PREFIX}`,
  };
}
