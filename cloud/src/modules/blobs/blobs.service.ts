/**
 * Storing and reading blobs (photos of on-site checks, signatures, catalogue photos, training files) with
 * the caller's right to them.
 * - `storeBlob`: the bytes must hash to the name they are put under and be of a type the use takes, by
 *   their first bytes (never by what the sender claims): a JPEG, PNG or WebP image up to MAX_BLOB_BYTES,
 *   or for a training file also a PDF up to MAX_DOCUMENT_BYTES. The same bytes stored again are one blob
 *   (idempotent); stored for another use, the blob is shared with that use's people too. The bytes reach
 *   the store before the row says they exist, so a row never names missing bytes.
 * - `readBlob`: a hub reads its own hall's blobs; a user with `performance` or `inventory` view on the
 *   blob's hall reads it (photos of on-site checks, of goods that arrived damaged, which the region and
 *   the sending warehouse look at); a catalogue photo is seen by anyone with `inventory` view anywhere (a
 *   hall manager sees the poster they ask for), a training file by anyone with `library` view anywhere (clerks too).
 *   Sharing the same bytes for another use discloses nothing: whoever stores them holds them.
 * The HTTP side (bounds, authentication, rate limits, headers) is blobs.http.ts.
 */
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { accessRepository } from '../access/access.repository.ts';
import { allows, audit, type SessionUser } from '../access/access.service.ts';
import { roleAllows } from '../access/permissions.ts';
import {
  MAX_BLOB_BYTES,
  MAX_DOCUMENT_BYTES,
  sha256Of,
  sniffDocument,
  sniffImage,
  type BlobStore,
} from './blob-store.ts';
import { blobsRepository as repo } from './blobs.repository.ts';
import type { BlobShare } from './blobs.table.ts';

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

/** Who may share a blob with the organisation: the catalogue's keepers (`inventory` edit at the root), trainers. */
export const mayShare = async (db: Db, user: SessionUser, share: BlobShare): Promise<boolean> =>
  share === 'catalogue'
    ? allows(db, user, 'inventory', 'edit', null)
    : user.grants.some((g) => roleAllows(g.role, 'library', 'edit'));

/** Who sees a shared blob: `inventory` view anywhere (a catalogue photo), `library` view anywhere (a training file). */
const maySeeShared = (user: SessionUser, shared: readonly BlobShare[]) =>
  shared.some((s) => user.grants.some((g) => roleAllows(g.role, s === 'catalogue' ? 'inventory' : 'library', 'view')));

/** The most bytes a blob for this use may have. */
export const maxBytesFor = (share: BlobShare | null) => (share === 'training' ? MAX_DOCUMENT_BYTES : MAX_BLOB_BYTES);

/** May this user put blobs for this hall (`performance` or `inventory` edit on it)? */
export async function mayStoreFor(db: Db, user: SessionUser, hallId: string): Promise<boolean> {
  const unit = await accessRepository.unitOfHall(db, hallId);
  return unit !== null && (await allowsPhotos(db, user, 'edit', unit.id));
}

export async function storeBlob(
  db: Db,
  store: BlobStore,
  input: {
    sha256: string;
    bytes: Uint8Array;
    storedBy: string;
    hallId: string | null;
    userId: string | null;
    /** Shared with the organisation as a catalogue photo or a training file (else the hall's alone). */
    share?: BlobShare | undefined;
  },
): Promise<{ sha256: string; contentType: string; bytes: number; created: boolean }> {
  checkBlobName(input.sha256);
  const share = input.share ?? null;
  const max = maxBytesFor(share);
  if (input.bytes.byteLength > max)
    throw new AppError('PAYLOAD_TOO_LARGE', `body: over ${max} bytes`, {
      reason: 'body-too-large',
      detail: { code: 'blob-too-large', params: { max } },
    });
  const image = sniffImage(input.bytes);
  // A training file may be a PDF; an image keeps its own bound whatever the use.
  const contentType = image ?? (share === 'training' ? sniffDocument(input.bytes) : null);
  if (!contentType)
    throw new AppError(
      'UNPROCESSABLE_CONTENT',
      share === 'training' ? 'body: not a PDF, JPEG, PNG or WebP file' : 'body: not a JPEG, PNG or WebP image',
      {
        reason: 'invalid-input',
        fields: ['body'],
        detail: { code: share === 'training' ? 'blob-not-document' : 'blob-not-image' },
      },
    );
  if (image && input.bytes.byteLength > MAX_BLOB_BYTES)
    throw new AppError('PAYLOAD_TOO_LARGE', `body: an image over ${MAX_BLOB_BYTES} bytes`, {
      reason: 'body-too-large',
      detail: { code: 'blob-too-large', params: { max: MAX_BLOB_BYTES } },
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
    // Seen by more people from now on: said in the audit, as a new blob is.
    const shared = share ? await repo.share(db, input.sha256, share) : false;
    const halled = input.hallId ? await repo.setHall(db, input.sha256, input.hallId) : false;
    if (shared || halled)
      await audit(db, {
        userId: input.userId,
        action: 'blob.shared',
        entity: 'blob',
        entityId: input.sha256,
        orgUnitId: input.hallId ? ((await accessRepository.unitOfHall(db, input.hallId))?.id ?? null) : null,
        before: { hallId: existing.hallId, shared: existing.shared },
        after: { storedBy: input.storedBy, ...(shared ? { share } : {}), ...(halled ? { hallId: input.hallId } : {}) },
      });
    return { sha256: input.sha256, contentType, bytes: input.bytes.byteLength, created: false };
  }
  const created = await repo.insert(db, {
    sha256: input.sha256,
    contentType,
    bytes: input.bytes.byteLength,
    storedBy: input.storedBy,
    hallId: input.hallId,
    shared: share ? [share] : [],
  });
  if (created)
    await audit(db, {
      userId: input.userId,
      action: 'blob.stored',
      entity: 'blob',
      entityId: input.sha256,
      orgUnitId: input.hallId ? ((await accessRepository.unitOfHall(db, input.hallId))?.id ?? null) : null,
      after: { contentType, bytes: input.bytes.byteLength, storedBy: input.storedBy, hallId: input.hallId, share },
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
  else if (maySeeShared(caller.user, row.shared)) ok = true;
  else if (row.hallId === null) ok = false;
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
