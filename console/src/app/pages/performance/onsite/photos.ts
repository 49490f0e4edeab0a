/**
 * Photos and signatures of on-site forms, in the browser: a camera photo downscaled to a JPEG of at most
 * 1600 px on its long side (a few hundred KB instead of several MB), named by the SHA-256 of its bytes
 * (crypto.subtle) and uploaded to the cloud's blob store. `put` below is the one place that knows the
 * endpoint (`PUT /blobs/<sha256>?hall=<hallId>`, or `?scope=catalogue` for a catalogue item's photo; the
 * session cookie and the CSRF token): a retry of the same bytes is the same name, so it is harmless.
 */
import { csrfToken } from '../../../api.ts';

export const MAX_PHOTO_SIDE = 1600;
export const JPEG_QUALITY = 0.8;

export class UploadError extends Error {
  readonly status: number;
  constructor(status: number) {
    super(`upload failed (${status})`);
    this.status = status;
  }
}

export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A picture from the camera or the gallery as a JPEG of at most MAX_PHOTO_SIDE px. */
export async function downscale(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_PHOTO_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no canvas');
  ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no JPEG'))), 'image/jpeg', JPEG_QUALITY),
  );
}

/** Stores bytes in the cloud's blob store for a hall's form; answers their name (SHA-256). */
export const uploadBlob = (hallId: string, blob: Blob): Promise<string> =>
  put(`hall=${encodeURIComponent(hallId)}`, blob);

/** Stores a catalogue item's photo as the organisation's (every hall sees it); answers its name. */
export const uploadCatalogueBlob = (blob: Blob): Promise<string> => put('scope=catalogue', blob);

/**
 * Stores a training material's file (a PDF up to 30 MB, or an image) for the training library, seen by
 * everyone with training view; answers its name. Needs training edit somewhere (403 otherwise).
 */
export const uploadTrainingFile = (blob: Blob): Promise<string> => put('scope=training', blob);

async function put(query: string, blob: Blob): Promise<string> {
  const bytes = await blob.arrayBuffer();
  const sha = await sha256Hex(bytes);
  const res = await fetch(`/blobs/${sha}?${query}`, {
    method: 'PUT',
    credentials: 'same-origin',
    headers: { 'content-type': blob.type || 'application/octet-stream', 'x-csrf-token': csrfToken() },
    body: bytes,
  });
  if (!res.ok) throw new UploadError(res.status);
  return sha;
}

/** Where the console shows a stored blob. */
export const blobUrl = (sha: string) => `/blobs/${sha}`;
