/**
 * Images the chat attaches for a vision model: which files are taken and how large, checked before
 * anything is read. The server checks again (lib/api/capabilities.ts); its request-body limit
 * (256 KiB by default, base64 adds a third) is why the budget is small.
 */
export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;
/** All images of one message together, in bytes before base64. */
export const MAX_ATTACH_BYTES = 160 * 1024;
export const MAX_ATTACH_IMAGES = 4;

export interface AttachCandidate {
  name: string;
  type: string;
  size: number;
}

const kb = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);

/** Why this file cannot join the `attached` ones (a sentence for the user), or undefined when it can. */
export function attachError(file: AttachCandidate, attached: readonly AttachCandidate[]): string | undefined {
  const name = file.name || "The pasted image";
  if (!(IMAGE_TYPES as readonly string[]).includes(file.type)) return `${name} is not a PNG, JPEG, GIF or WebP image.`;
  if (attached.length >= MAX_ATTACH_IMAGES) return `At most ${MAX_ATTACH_IMAGES} images per message.`;
  const used = attached.reduce((n, f) => n + f.size, 0);
  if (used + file.size > MAX_ATTACH_BYTES)
    return attached.length
      ? `${name} (${kb(file.size)}) does not fit: the images of one message may total ${kb(MAX_ATTACH_BYTES)}.`
      : `${name} is too large (${kb(file.size)}): images up to ${kb(MAX_ATTACH_BYTES)} can be attached.`;
  return undefined;
}

/** A file as a base64 data URL (what the API takes as an `image_url`). */
export function readAsDataUrl(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error ?? new Error("The file could not be read."));
    r.readAsDataURL(file);
  });
}
