import { JoustError, type Surface } from "@/lib/errors";

/** A request body as either server hands it over: a web stream (route handlers) or a Node request (the API listener). */
export type BodySource = ReadableStream<Uint8Array> | NodeReadable;

/**
 * Reads a body as text, refusing more than `maxBytes` (413) by the declared Content-Length and by
 * what actually arrives. Reading stops at the limit without consuming the rest.
 */
export async function readBodySource(
  body: BodySource | null,
  declaredLength: string | null,
  maxBytes: number,
  surface: Surface,
): Promise<string> {
  const tooLarge = () =>
    new JoustError(`payload_too_large:${surface}`, `Request body is larger than ${maxBytes} bytes.`);
  const declared = Number(declaredLength ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!body) return "";
  if (!("getReader" in body)) return readNode(body, maxBytes, tooLarge);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
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

/** What the reader needs of a Node request (IncomingMessage). */
export interface NodeReadable {
  on(event: "data", fn: (chunk: Uint8Array) => void): unknown;
  on(event: "end" | "close", fn: () => void): unknown;
  on(event: "error", fn: (err: Error) => void): unknown;
  pause(): unknown;
  readableEnded: boolean;
}

/** A Node request body by its events (no async iterator: one request is one or two 'data' events). */
function readNode(body: NodeReadable, maxBytes: number, tooLarge: () => JoustError): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let over = false;
    body.on("data", (chunk) => {
      if (over) return;
      size += chunk.byteLength;
      if (size > maxBytes) {
        over = true;
        body.pause(); // the rest stays unread; the server closes the connection after its 413
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    body.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    body.on("error", reject);
    body.on("close", () => {
      if (!body.readableEnded && !over)
        reject(new JoustError("aborted:api", "The client went away before sending the whole request."));
    });
  });
}

/** Parses a body as JSON; empty or malformed bodies are `bad_request:<surface>`. */
export function parseJsonText(text: string, surface: Surface): unknown {
  if (!text) throw new JoustError(`bad_request:${surface}`, "Request body is empty: expected JSON.");
  try {
    return JSON.parse(text);
  } catch {
    throw new JoustError(`bad_request:${surface}`, "Request body is not valid JSON.");
  }
}

/** Reads a request body as text with the size limit (see readBodySource). */
export function readBodyText(request: Request, maxBytes: number, surface: Surface): Promise<string> {
  return readBodySource(request.body, request.headers.get("content-length"), maxBytes, surface);
}

/** Reads and parses a JSON request body with the size limit. */
export async function readJsonBody(request: Request, maxBytes: number, surface: Surface): Promise<unknown> {
  return parseJsonText(await readBodyText(request, maxBytes, surface), surface);
}
