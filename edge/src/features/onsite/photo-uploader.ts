/**
 * Photos go to the cloud before the forms that name them (so the cloud never holds a form whose photos
 * it cannot show): the sync calls `beforePush` with the outbox rows it is about to send, and this
 * uploads each photo of their `onsite.scored` rows with `PUT <cloud>/blobs/<sha256>` (a photo the cloud
 * already has answers 200). A failure (cloud away, overloaded) fails the push: the sync backs off and
 * tries again, photos first. A photo the cloud refuses for good (its bytes damaged on the hub's disk) is
 * logged and skipped; the cloud then refuses the form as a row (`onsite-photo-missing`) and the hub
 * dead-letters it with an alarm — never a silent loss. Once the cloud acknowledges a form, its photos
 * leave the hub (`afterAck`).
 */
import type { Logger } from 'pino';
import { photosOf } from './onsite.feature.ts';
import type { PhotoStore } from './photo-store.ts';

export type PutBlobAnswer = 'stored' | 'refused';

export interface PhotoUploaderOptions {
  photos: PhotoStore;
  /** `PUT <cloud>/blobs/<sha256>`: stored (or there already), refused for good, or throws (try again later). */
  putBlob: (sha256: string, bytes: Uint8Array) => Promise<PutBlobAnswer>;
  log: Logger;
}

export class PhotoUploader {
  readonly #o: PhotoUploaderOptions;
  /** Uploaded in this run (a restart uploads again; the cloud answers 200). Bounded. */
  readonly #uploaded = new Set<string>();
  readonly stats = { uploaded: 0, refused: 0 };

  constructor(opts: PhotoUploaderOptions) {
    this.#o = opts;
  }

  async beforePush(rows: ReadonlyArray<{ kind: string; body: string }>): Promise<void> {
    for (const row of rows) {
      if (row.kind !== 'onsite.scored') continue;
      for (const sha of photosOf(JSON.parse(row.body) as Record<string, unknown>)) {
        if (this.#uploaded.has(sha)) continue;
        const bytes = await this.#o.photos.read(sha);
        if (!bytes) {
          this.#o.log.error(
            { sha256: sha },
            'a photo named by an on-site form is not on the hub; the cloud will refuse the form',
          );
          continue;
        }
        // Throws when the cloud is away or busy: the sync's backoff retries, photos first.
        const answer = await this.#o.putBlob(sha, bytes);
        if (answer === 'refused') {
          this.stats.refused += 1;
          this.#o.log.error(
            { sha256: sha },
            'the cloud refused an on-site photo; the form naming it will be dead-lettered',
          );
        } else this.stats.uploaded += 1;
        if (this.#uploaded.size >= 10_000) this.#uploaded.clear();
        this.#uploaded.add(sha);
      }
    }
  }

  /** Rows the cloud acknowledged: their photos are the cloud's now. */
  async afterAck(rows: ReadonlyArray<{ kind: string; body: string }>): Promise<void> {
    for (const row of rows) {
      if (row.kind !== 'onsite.scored') continue;
      for (const sha of photosOf(JSON.parse(row.body) as Record<string, unknown>)) {
        await this.#o.photos.remove(sha);
        this.#uploaded.delete(sha);
      }
    }
  }
}
