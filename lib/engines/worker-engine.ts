/**
 * Main-thread side of the worker protocol: a ChatEngine backed by a Web Worker.
 * Pending requests are resolved through a Map<id, pending>; stream chunks are
 * pushed by the worker (no round-trip per chunk); AbortSignal sends `abort`.
 */
import { JoustError } from "@/lib/errors";
import { AsyncQueue } from "./async-queue";
import type { WorkerRequest, WorkerResponse } from "./protocol";
import type { ChatCompletionChunk, ChatRequest } from "@/lib/chat-protocol/types";
import type { ChatEngine, EngineCapabilities, LoadProgress, StreamOptions } from "./types";
import type { ModelDescriptor } from "@/lib/models/descriptor";

/** The part of `Worker` we use, so tests can pass a fake port. */
export interface WorkerPort {
  postMessage(msg: WorkerRequest): void;
  addEventListener(type: "message", fn: (e: MessageEvent<WorkerResponse>) => void): void;
  addEventListener(type: "error", fn: (e: ErrorEvent) => void): void;
  terminate(): void;
}

interface Pending {
  onProgress?: (p: LoadProgress) => void;
  onLoaded?: (c: EngineCapabilities) => void;
  queue?: AsyncQueue<ChatCompletionChunk>;
  resolve: () => void;
  reject: (e: JoustError) => void;
}

export class WorkerEngine implements ChatEngine {
  private readonly pending = new Map<string, Pending>();
  capabilities: EngineCapabilities;

  constructor(
    private readonly model: ModelDescriptor,
    private readonly worker: WorkerPort,
  ) {
    this.capabilities = { backend: model.backend, device: "wasm", contextWindow: model.contextWindow };
    worker.addEventListener("message", (e: MessageEvent<WorkerResponse>) => this.dispatch(e.data));
    worker.addEventListener("error", (e: ErrorEvent) => {
      const err = new JoustError("internal:engine", `The model worker crashed: ${e.message || "unknown error"}`);
      for (const p of this.pending.values()) {
        p.queue?.fail(err);
        p.reject(err);
      }
      this.pending.clear();
    });
  }

  get modelId(): string {
    return this.model.id;
  }

  load(onProgress?: (p: LoadProgress) => void): Promise<void> {
    const id = crypto.randomUUID();
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, {
        onProgress,
        onLoaded: (c) => (this.capabilities = { ...this.capabilities, ...c }),
        resolve,
        reject,
      });
      this.worker.postMessage({ type: "load", id, model: this.model });
    });
  }

  stream(request: ChatRequest, opts: StreamOptions = {}): AsyncIterable<ChatCompletionChunk> {
    const id = crypto.randomUUID();
    const queue = new AsyncQueue<ChatCompletionChunk>();
    const { signal } = opts;
    const onAbort = () => this.worker.postMessage({ type: "abort", id: crypto.randomUUID(), target: id });
    if (signal?.aborted) {
      queue.close();
      return queue;
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    const cleanup = () => signal?.removeEventListener("abort", onAbort);
    this.pending.set(id, {
      queue,
      resolve: () => {
        cleanup();
        queue.close();
      },
      reject: (e) => {
        cleanup();
        queue.fail(e);
      },
    });
    this.worker.postMessage({ type: "stream", id, request });
    return queue;
  }

  async unload(): Promise<void> {
    const id = crypto.randomUUID();
    await new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: "unload", id });
    }).catch(() => undefined);
    this.worker.terminate();
  }

  private dispatch(msg: WorkerResponse): void {
    const p = this.pending.get(msg.id);
    if (!p) return; // replies to `abort` and late messages after termination
    switch (msg.type) {
      case "progress":
        p.onProgress?.(msg.progress);
        return;
      case "loaded":
        p.onLoaded?.(msg.capabilities);
        this.pending.delete(msg.id);
        p.resolve();
        return;
      case "chunk":
        p.queue?.push(msg.chunk);
        return;
      case "chunks":
        for (const c of msg.chunks) p.queue?.push(c);
        return;
      case "done":
        this.pending.delete(msg.id);
        p.resolve();
        return;
      case "error":
        this.pending.delete(msg.id);
        p.reject(JoustError.from(msg.error));
        return;
    }
  }
}
