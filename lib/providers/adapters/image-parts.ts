/** An image part's URL as a provider needs it: a base64 data URL split into media type and data, or a web URL. */
export type ImageSource = { kind: "data"; mediaType: string; data: string } | { kind: "url"; url: string };

/** Only URLs the API accepted reach here (lib/api/capabilities.ts checks type, size and policy). */
export function imageSource(url: string): ImageSource {
  const m = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return m ? { kind: "data", mediaType: m[1], data: m[2] } : { kind: "url", url };
}
