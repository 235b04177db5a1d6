import type { BodySource } from "@/lib/http/read-body";
import type { ProviderRequest } from "@/lib/providers/stream";
import type { HeaderBag } from "@/lib/rate-limit";
import type { ByteSseStream } from "./byte-sse";
import type { SseStream } from "./sse-response";

/**
 * The OpenAI-compatible API, whichever server received the request: the Next route handlers under
 * /api/v1 (app/api/v1/*) or the API port's own server (./api-port-server, JOUST_API_PORT). Both adapt
 * their request to V1Input and write the V1Output back; ./v1-handler does everything between.
 */
export interface V1Input {
  method: string;
  headers: HeaderBag;
  /** The socket's address, when the server knows it (the listener); rate limits fall back to it. */
  peer?: () => string | undefined;
  body: BodySource | null;
  /** Aborts when the client goes away. */
  signal: AbortSignal;
  /** The server can write a plain chat stream as bytes (`{ bytes }` output: the API port). */
  bytes?: boolean;
}

export type V1Output = { status: number; headers: Record<string, string> } & (
  | { json: unknown }
  | { sse: SseStream }
  | { bytes: ByteSseStream }
  | { empty: true }
);

export type V1Route = "models" | "chat.completions" | "completions" | "embeddings";

/** A validated OpenAI-style request, already mapped onto Joust's chat request. */
export interface V1Request {
  model: string;
  req: ProviderRequest;
  n: number;
  stream: boolean;
  includeUsage: boolean;
}
