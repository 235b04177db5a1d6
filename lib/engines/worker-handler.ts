/**
 * Runs inside a Web Worker: adapts a WorkerBackend to the worker protocol.
 * Accepts plain objects and posts through an overridable method, so it can be
 * tested without a Worker (as web-llm's WebWorkerMLCEngineHandler).
 */
import { JoustError } from "@/lib/errors";
import type { WorkerBackend, WorkerRequest, WorkerResponse } from "./protocol";

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
          try {
            for await (const chunk of this.backend.stream(msg.request, controller.signal)) {
              this.postMessage({ type: "chunk", id: msg.id, chunk });
            }
            this.postMessage({ type: "done", id: msg.id });
          } finally {
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
