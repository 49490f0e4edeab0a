/**
 * Storing and reading blobs (photos of on-site checks, signatures) with the caller's right to them.
 * - `storeBlob`: the bytes must hash to the name they are put under and be a JPEG, PNG or WebP by their
 *   first bytes (never by what the sender claims); the same bytes stored again are one blob (idempotent).
 *   The bytes reach the store before the row says they exist, so a row never names missing bytes.
 * - `readBlob`: a hub reads its own hall's blobs; a user needs `performance` or `inventory` view on the
 *   blob's hall — the photos are of on-site checks and of goods that arrived damaged (物流管理), which the
 *   region and the sending warehouse look at. A blob without a hall is the organisation's: a photo of a
 *   catalogue item, stored by whoever keeps the catalogue (`inventory` edit at the root) and seen by
 *   anyone with `inventory` view on any unit (the catalogue is everyone's; a hall manager sees the poster
 *   they request). The same bytes stored first for a hall and then for the catalogue become the
 *   organisation's: whoever stores them holds them already, so nothing is disclosed.
 * The HTTP side (bounds, authentication, rate limits, headers) is blobs.http.ts.
 */
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { accessRepository } from '../access/access.repository.ts';
import { allows, audit, type SessionUser } from '../access/access.service.ts';
import { roleAllows } from '../access/permissions.ts';
import { MAX_BLOB_BYTES, sha256Of, sniffImage, type BlobStore } from './blob-store.ts';
import { blobsRepository as repo } from './blobs.repository.ts';

export const SHA256_NAME = /^[0-9a-f]{64}$/;

/** Who is calling: a hub (authenticated by its token) or a signed-in user. */
export type BlobCaller = { kind: 'hub'; hubId: string; hallId: string } | { kind: 'user'; user: SessionUser };

export function checkBlobName(sha256: string) {
  if (!SHA256_NAME.test(sha256))
    throw new AppError('BAD_REQUEST', 'sha256: must be 64 lowercase hex digits', {
      reason: 'invalid-input',
      fields: ['sha256'],
      detail: { code: 'blob-name-invalid' },
    });
}

/** The modules whose pages store photos of a hall: on-site scoring, and receiving damaged materials. */
const PHOTO_MODULES = ['performance', 'inventory'] as const;

async function allowsPhotos(db: Db, user: SessionUser, level: 'view' | 'edit', unitId: string | null) {
  for (const m of PHOTO_MODULES) if (await allows(db, user, m, level, unitId)) return true;
  return false;
}

/** May this user put the organisation's blobs (catalogue photos: `inventory` edit at the root)? */
export const mayStoreShared = (db: Db, user: SessionUser): Promise<boolean> =>
  allows(db, user, 'inventory', 'edit', null);

/** May this user see the organisation's blobs (`inventory` view on any unit)? */
const maySeeShared = (user: SessionUser) => user.grants.some((g) => roleAllows(g.role, 'inventory', 'view'));

/** May this user put blobs for this hall (`performance` or `inventory` edit on it)? */
export async function mayStoreFor(db: Db, user: SessionUser, hallId: string): Promise<boolean> {
  const unit = await accessRepository.unitOfHall(db, hallId);
  return unit !== null && (await allowsPhotos(db, user, 'edit', unit.id));
}

export async function storeBlob(
  db: Db,
  store: BlobStore,
  input: { sha256: string; bytes: Uint8Array; storedBy: string; hallId: string | null; userId: string | null },
): Promise<{ sha256: string; contentType: string; bytes: number; created: boolean }> {
  checkBlobName(input.sha256);
  if (input.bytes.byteLength > MAX_BLOB_BYTES)
    throw new AppError('PAYLOAD_TOO_LARGE', `body: over ${MAX_BLOB_BYTES} bytes`, {
      reason: 'body-too-large',
      detail: { code: 'blob-too-large', params: { max: MAX_BLOB_BYTES } },
    });
  const contentType = sniffImage(input.bytes);
  if (!contentType)
    throw new AppError('UNPROCESSABLE_CONTENT', 'body: not a JPEG, PNG or WebP image', {
      reason: 'invalid-input',
      fields: ['body'],
      detail: { code: 'blob-not-image' },
    });
  if (sha256Of(input.bytes) !== input.sha256)
    throw new AppError('UNPROCESSABLE_CONTENT', 'sha256: the bytes do not hash to the name', {
      reason: 'invalid-input',
      fields: ['sha256'],
      detail: { code: 'blob-hash-mismatch' },
    });
  const existing = await repo.get(db, input.sha256);
  // The row may exist while the bytes do not (a store lost): put them again either way, it is idempotent.
  await store.put(input.sha256, input.bytes);
  if (existing) {
    if (input.hallId === null && existing.hallId !== null) await repo.makeShared(db, input.sha256);
    return { sha256: input.sha256, contentType, bytes: input.bytes.byteLength, created: false };
  }
  const created = await repo.insert(db, {
    sha256: input.sha256,
    contentType,
    bytes: input.bytes.byteLength,
    storedBy: input.storedBy,
    hallId: input.hallId,
  });
  if (created)
    await audit(db, {
      userId: input.userId,
      action: 'blob.stored',
      entity: 'blob',
      entityId: input.sha256,
      orgUnitId: input.hallId ? ((await accessRepository.unitOfHall(db, input.hallId))?.id ?? null) : null,
      after: { contentType, bytes: input.bytes.byteLength, storedBy: input.storedBy, hallId: input.hallId },
    });
  return { sha256: input.sha256, contentType, bytes: input.bytes.byteLength, created };
}

const notFound = () =>
  new AppError('NOT_FOUND', 'no such blob', { reason: 'not-found', detail: { code: 'blob-not-found' } });

/** The blob's bytes and type, if the caller may see it; a blob the caller may not see is "not found" too. */
export async function readBlob(
  db: Db,
  store: BlobStore,
  sha256: string,
  caller: BlobCaller,
): Promise<{ contentType: string; bytes: Uint8Array }> {
  checkBlobName(sha256);
  const row = await repo.get(db, sha256);
  if (!row) throw notFound();
  let ok: boolean;
  if (caller.kind === 'hub') ok = row.hallId === caller.hallId;
  else if (row.hallId === null) ok = maySeeShared(caller.user);
  else {
    const unit = await accessRepository.unitOfHall(db, row.hallId);
    ok = unit !== null && (await allowsPhotos(db, caller.user, 'view', unit.id));
  }
  // Not the caller's to see: answered as absent, so nobody learns which photos exist elsewhere.
  if (!ok) throw notFound();
  const bytes = await store.get(sha256);
  if (!bytes) throw notFound();
  return { contentType: row.contentType, bytes };
}
