/**
 * Images as the hall's pages send them (on-site photos, signatures): the types accepted, told by their
 * first bytes (never by what the sender claims), and the most bytes one may have. The hub and the cloud
 * check the same way.
 */

/** The most bytes one image may have (a photo is downscaled in the browser to well under this). */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

export function sniffImage(bytes: Uint8Array): 'image/jpeg' | 'image/png' | 'image/webp' | null {
  const b = bytes;
  if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length > 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (
    b.length > 12 &&
    String.fromCharCode(b[0] ?? 0, b[1] ?? 0, b[2] ?? 0, b[3] ?? 0) === 'RIFF' &&
    String.fromCharCode(b[8] ?? 0, b[9] ?? 0, b[10] ?? 0, b[11] ?? 0) === 'WEBP'
  )
    return 'image/webp';
  return null;
}
