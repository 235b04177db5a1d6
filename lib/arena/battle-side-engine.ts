/**
 * A ChatEngine for a battle side streamed by the server: POST /api/arena/battles/:id/stream
 * (SideStreamRequest) → our SSE format → chunks. Its modelId never names the model.
 */
import { JoustError, isSerializedError } from "@/lib/errors";
import { readSseJson } from "@/lib/sse";
import type { ChatCompletionChunk, ChatRequest } from "@/lib/chat-protocol/types";
import type { ChatEngine, EngineCapabilities, StreamOptions } from "@/lib/engines/types";
import type { SideStreamRequest } from "./api-types";

export interface BattleSideEngineOptions {
  battleId: string;
  token: string;
  side: "a" | "b";
  /** Origin to prefix (tests); same-origin by default. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

export class BattleSideEngine implements ChatEngine {
  readonly capabilities: EngineCapabilities = { backend: "remote", device: "server" };
  readonly modelId: string;

  constructor(private readonly opts: BattleSideEngineOptions) {
    this.modelId = `battle-side-${opts.side}`;
  }

  async load(): Promise<void> {}

  async *stream(req: ChatRequest, opts: StreamOptions = {}): AsyncIterable<ChatCompletionChunk> {
    const { battleId, token, side, baseUrl = "", fetch: fetchFn = fetch } = this.opts;
    const body: SideStreamRequest = { ...req, token, side };
    let res: Response;
    try {
      res = await fetchFn(`${baseUrl}/api/arena/battles/${encodeURIComponent(battleId)}/stream`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify(body),
        signal: opts.signal,
      });
    } catch (err) {
      if (opts.signal?.aborted) throw new JoustError("aborted:chat", "Generation was stopped.");
      throw JoustError.from(err, "offline:arena");
    }
    if (!res.ok || !res.body) {
      const payload: unknown = await res.json().catch(() => null);
      const error =
        typeof payload === "object" && payload !== null ? (payload as { error?: unknown }).error : undefined;
      throw isSerializedError(error)
        ? JoustError.from(error)
        : new JoustError("upstream:arena", `The battle stream failed (HTTP ${res.status}).`);
    }
    yield* readSseJson<ChatCompletionChunk>(res.body, opts.signal);
  }

  async unload(): Promise<void> {}
}
