import { JoustError, type Surface } from "@/lib/errors";

/** Reads a request body as text, refusing more than `maxBytes` (413) by Content-Length and by what actually arrives. */
export async function readBodyText(request: Request, maxBytes: number, surface: Surface): Promise<string> {
  const tooLarge = () => new JoustError(`payload_too_large:${surface}`, `Request body is larger than ${maxBytes} bytes.`);
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (true) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads and parses a JSON body with the size limit; empty or malformed bodies are `bad_request:<surface>`. */
export async function readJsonBody(request: Request, maxBytes: number, surface: Surface): Promise<unknown> {
  const text = await readBodyText(request, maxBytes, surface);
  if (!text) throw new JoustError(`bad_request:${surface}`, "Request body is empty: expected JSON.");
  try {
    return JSON.parse(text);
  } catch {
    throw new JoustError(`bad_request:${surface}`, "Request body is not valid JSON.");
  }
}
