/**
 * A deterministic in-memory engine for fast UI-only tests. It is chosen only by
 * the registry (backend "fake"), which the catalog offers only when
 * `localStorage["joust:fake-engine"] === "1"` — production users never see it.
 */
import { applyStop, makeChunk, normalizeStop } from "@/lib/chat-protocol/chunks";
import type { ChatCompletionChunk, ChatRequest } from "@/lib/chat-protocol/types";
import type { ChatEngine, EngineCapabilities, LoadProgress, StreamOptions } from "./types";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { JoustError } from "@/lib/errors";

export class FakeEngine implements ChatEngine {
  readonly capabilities: EngineCapabilities;
  private loaded = false;

  constructor(
    private readonly model: ModelDescriptor,
    private readonly delayMs = 15,
  ) {
    this.capabilities = { backend: "fake", device: "cpu", contextWindow: model.contextWindow ?? 4096 };
  }

  get modelId(): string {
    return this.model.id;
  }

  async load(onProgress?: (p: LoadProgress) => void): Promise<void> {
    for (let i = 1; i <= 4; i++) {
      await sleep(this.delayMs);
      onProgress?.({
        progress: i / 4,
        loadedBytes: i * 1024,
        totalBytes: 4096,
        text: `Loading ${this.model.displayName}`,
      });
    }
    this.loaded = true;
  }

  async *stream(req: ChatRequest, opts: StreamOptions = {}): AsyncIterable<ChatCompletionChunk> {
    if (!this.loaded) throw new JoustError("bad_request:engine", "Model is not loaded.");
    const last = [...req.messages].reverse().find((m) => m.role === "user")?.content ?? "";
    const words = `${this.model.displayName} says: you wrote "${last}". `.repeat(8).split(/(?<= )/);
    const max = req.max_tokens ?? words.length;
    const stop = normalizeStop(req.stop);
    const id = `chatcmpl-${crypto.randomUUID()}`;
    let text = "";
    let sent = 0;
    for (let i = 0; i < Math.min(max, words.length); i++) {
      if (opts.signal?.aborted) {
        yield makeChunk(id, this.model.id, undefined, "abort");
        return;
      }
      await sleep(this.delayMs);
      text += words[i];
      const cut = applyStop(text, stop);
      const piece = cut.text.slice(sent);
      sent = cut.text.length;
      if (piece) yield makeChunk(id, this.model.id, piece);
      if (cut.stopped) {
        yield makeChunk(id, this.model.id, undefined, "stop");
        return;
      }
    }
    yield makeChunk(id, this.model.id, undefined, max < words.length ? "length" : "stop");
  }

  async unload(): Promise<void> {
    this.loaded = false;
  }
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}
