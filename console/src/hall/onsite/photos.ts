/**
 * Photos as the on-site page sends them: the camera's picture downscaled in the page to a JPEG of at
 * most 1600 px on its longer side (a phone's 12 MP photo is 3–5 MB; this is ~200–400 kB), then posted
 * raw to the hub, which names it by its SHA-256. Hashing stays on the hub: `crypto.subtle` exists only on
 * HTTPS pages, and the hub's pages are often plain HTTP on the hall network.
 */
export const MAX_SIDE = 1600;

export async function downscale(file: Blob, quality = 0.82): Promise<Blob> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return toBlob(canvas, 'image/jpeg', quality);
}

export const toBlob = (canvas: HTMLCanvasElement, type: string, quality?: number) =>
  new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no image'))), type, quality),
  );

/** A v4 UUID from getRandomValues (crypto.randomUUID, like crypto.subtle, needs HTTPS). */
export function uuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Posts image bytes to the hub; its name, or the hub's refusal code. */
export async function uploadPhoto(
  token: string,
  blob: Blob,
): Promise<{ ok: true; sha256: string } | { ok: false; code: string }> {
  try {
    const res = await fetch('/onsite/photos', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: blob,
    });
    const body = (await res.json()) as { sha256?: string; error?: { code: string } };
    return body.sha256 ? { ok: true, sha256: body.sha256 } : { ok: false, code: body.error?.code ?? 'internal' };
  } catch {
    return { ok: false, code: 'unreachable' };
  }
}

/** A small preview of a photo as a data: URL (the hub's pages may show data: images, not blob: ones). */
export const dataUrl = (blob: Blob) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(blob);
  });
