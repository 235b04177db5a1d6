/**
 * Browser adapter for server-side (remote) models: POSTs the chat request to our route
 * (`/api/chat` by default; the arena uses `/api/arena/battles/:id/stream`, same SSE format)
 * and yields the same OpenAI-shaped chunks as every other engine. Errors are typed:
 * an HTTP error body `{error:{code,message}}`, an `event: error` mid-stream, or a stream that
 * ends without `[DONE]` (`upstream:provider`, after yielding what arrived). Stop (AbortSignal)
 * aborts the fetch, which aborts the upstream request on the server.
 */
import { isAbortError, isSerializedError, JoustError } from "@/lib/errors";
import { readSseJson } from "@/lib/sse";
import { makeChunk } from "@/lib/chat-protocol/chunks";
import type { ChatCompletionChunk, ChatRequest } from "@/lib/chat-protocol/types";
import type { ChatEngine, EngineCapabilities, StreamOptions } from "./types";
import type { ModelDescriptor } from "@/lib/models/descriptor";

export interface RemoteEngineOptions {
  /** Where to POST (default `/api/chat`). */
  endpoint?: string;
  /** Extra JSON fields merged into every request body (e.g. a battle token and side). */
  extraBody?: Record<string, unknown>;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

export class RemoteEngine implements ChatEngine {
  readonly capabilities: EngineCapabilities;
  private readonly endpoint: string;

  constructor(
    private readonly model: ModelDescriptor,
    private readonly options: RemoteEngineOptions = {},
  ) {
    this.capabilities = { backend: "remote", device: "server", contextWindow: model.contextWindow };
    this.endpoint = options.endpoint ?? "/api/chat";
  }

  get modelId(): string {
    return this.model.id;
  }

  /** Nothing to download; a model the server reported unavailable fails here with its reason. */
  async load(): Promise<void> {
    if (this.model.available === false)
      throw new JoustError(
        "unavailable:provider",
        this.model.unavailableReason
          ? `${this.model.displayName} is unavailable: ${this.model.unavailableReason}`
          : `${this.model.displayName} is unavailable.`,
      );
  }

  async *stream(req: ChatRequest, opts: StreamOptions = {}): AsyncIterable<ChatCompletionChunk> {
    const doFetch = this.options.fetch ?? globalThis.fetch.bind(globalThis);
    let res: Response;
    try {
      res = await doFetch(this.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify({ ...req, model: this.model.backendModelId, ...this.options.extraBody }),
        signal: opts.signal,
      });
    } catch (err) {
      if (isAbortError(err) || opts.signal?.aborted) return yield this.aborted();
      throw new JoustError("offline:api", "Network request failed: the server could not be reached.");
    }
    if (!res.ok || !res.body) throw await httpError(res);
    try {
      for await (const chunk of readSseJson<ChatCompletionChunk>(res.body, opts.signal)) yield chunk;
    } catch (err) {
      if (opts.signal?.aborted || isAbortError(err)) return yield this.aborted();
      // A dropped connection surfaces from the body reader as a TypeError: same as a truncated stream.
      throw err instanceof JoustError
        ? err
        : new JoustError("upstream:provider", "The stream ended before it was complete (connection lost).");
    }
    if (opts.signal?.aborted) yield this.aborted();
  }

  /** Stop ends the stream quietly with an `abort` finish, as the other engines do. */
  private aborted(): ChatCompletionChunk {
    return makeChunk(`remote-${crypto.randomUUID()}`, this.model.id, undefined, "abort");
  }

  async unload(): Promise<void> {}
}

async function httpError(res: Response): Promise<JoustError> {
  const body: unknown = await res.json().catch(() => null);
  const error = typeof body === "object" && body !== null ? (body as { error?: unknown }).error : undefined;
  if (isSerializedError(error)) return JoustError.from(error);
  return new JoustError(
    res.status === 429 ? "rate_limit:provider" : res.status >= 500 ? "upstream:provider" : "internal:api",
    `Request failed with HTTP ${res.status}`,
  );
}
