/**
 * Runs inside a Web Worker: adapts a WorkerBackend to the worker protocol.
 * Accepts plain objects and posts through an overridable method, so it can be
 * tested without a Worker (as web-llm's WebWorkerMLCEngineHandler).
 */
import { JoustError } from "@/lib/errors";
import type { WorkerBackend, WorkerRequest, WorkerResponse } from "./protocol";
import type { ChatCompletionChunk } from "@/lib/chat-protocol/types";

/** Chunks posted at most once per this many ms while a stream runs fast (the first at once). */
export const CHUNK_BATCH_MS = 16;

/**
 * Posts a stream's chunks to the main thread at most once per CHUNK_BATCH_MS: a chunk
 * arriving after a quiet window goes out at once (so the first token is immediate), later
 * ones are held until the window ends; a finishing chunk (finish_reason or usage) flushes.
 * A fast local model then costs the page ~60 tasks a second, not one per token.
 */
export class ChunkBatcher {
  private held: ChatCompletionChunk[] = [];
  private lastPost = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;
  constructor(
    private readonly post: (chunks: ChatCompletionChunk[]) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}
  push(chunk: ChatCompletionChunk): void {
    this.held.push(chunk);
    const since = this.now() - this.lastPost;
    if (since >= CHUNK_BATCH_MS || chunk.choices[0]?.finish_reason || chunk.usage) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), CHUNK_BATCH_MS - since);
  }
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (!this.held.length) return;
    const chunks = this.held;
    this.held = [];
    this.lastPost = this.now();
    this.post(chunks);
  }
}

export class EngineWorkerHandler {
  private readonly streams = new Map<string, AbortController>();

  constructor(private readonly backend: WorkerBackend) {}

  /** Overridden in tests; in a worker it is `self.postMessage`. */
  postMessage(msg: WorkerResponse): void {
    (globalThis as unknown as { postMessage(m: unknown): void }).postMessage(msg);
  }

  async onmessage(msg: WorkerRequest): Promise<void> {
    switch (msg.type) {
      case "load":
        return this.run(msg.id, async () => {
          const capabilities = await this.backend.load(msg.model, (progress) =>
            this.postMessage({ type: "progress", id: msg.id, progress }),
          );
          this.postMessage({ type: "loaded", id: msg.id, capabilities });
        });
      case "stream": {
        const controller = new AbortController();
        this.streams.set(msg.id, controller);
        return this.run(msg.id, async () => {
          const batch = new ChunkBatcher((chunks) =>
            this.postMessage(
              chunks.length === 1
                ? { type: "chunk", id: msg.id, chunk: chunks[0] }
                : { type: "chunks", id: msg.id, chunks },
            ),
          );
          try {
            for await (const chunk of this.backend.stream(msg.request, controller.signal)) batch.push(chunk);
            batch.flush();
            this.postMessage({ type: "done", id: msg.id });
          } finally {
            batch.flush();
            this.streams.delete(msg.id);
          }
        });
      }
      case "abort":
        this.streams.get(msg.target)?.abort();
        this.postMessage({ type: "done", id: msg.id });
        return;
      case "unload":
        return this.run(msg.id, async () => {
          for (const c of this.streams.values()) c.abort();
          await this.backend.unload();
          this.postMessage({ type: "done", id: msg.id });
        });
    }
  }

  private async run(id: string, task: () => Promise<void>): Promise<void> {
    try {
      await task();
    } catch (err) {
      this.postMessage({ type: "error", id, error: JoustError.from(err).toJSON() });
    }
  }
}

/** Connect a handler to the worker global: the whole body of a `*.worker.ts` file. */
export function serveEngine(backend: WorkerBackend): void {
  const handler = new EngineWorkerHandler(backend);
  (globalThis as unknown as { onmessage: (e: MessageEvent<WorkerRequest>) => void }).onmessage = (e) =>
    void handler.onmessage(e.data);
}
