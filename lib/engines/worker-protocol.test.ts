import { describe, expect, it } from "vitest";
import { JoustError } from "@/lib/errors";
import { collect, makeChunk } from "@/lib/chat-protocol/chunks";
import type { WorkerBackend, WorkerRequest, WorkerResponse } from "./protocol";
import type { ChatRequest } from "@/lib/chat-protocol/types";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { EngineWorkerHandler } from "./worker-handler";
import { WorkerEngine, type WorkerPort } from "./worker-engine";

const MODEL: ModelDescriptor = {
  id: "test:echo",
  backend: "transformers",
  displayName: "Echo",
  backendModelId: "echo",
};

/** A backend that echoes the last user message one character per chunk. */
class EchoBackend implements WorkerBackend {
  unloaded = false;
  abortedStreams = 0;
  async load(_m: ModelDescriptor, onProgress: (p: { text: string; progress?: number }) => void) {
    onProgress({ text: "half", progress: 0.5 });
    onProgress({ text: "all", progress: 1 });
    return { backend: "transformers" as const, device: "wasm" as const, contextWindow: 128 };
  }
  async *stream(req: ChatRequest, signal: AbortSignal) {
    const text = req.messages.at(-1)!.content;
    if (text === "boom")
      throw new JoustError("context_overflow:engine", "Prompt is 999 tokens; the context window is 128.");
    for (const ch of text) {
      if (signal.aborted) {
        this.abortedStreams++;
        yield makeChunk("x", "echo", undefined, "abort");
        return;
      }
      await new Promise((r) => setTimeout(r, 2));
      yield makeChunk("x", "echo", ch);
    }
    yield makeChunk("x", "echo", undefined, "stop");
  }
  async unload() {
    this.unloaded = true;
  }
}

/** Wire a handler and an engine together through structured clones, as a real Worker would. */
function connect(backend: WorkerBackend) {
  const listeners: Array<(e: MessageEvent<WorkerResponse>) => void> = [];
  const sent: WorkerRequest[] = [];
  const handler = new EngineWorkerHandler(backend);
  handler.postMessage = (msg) => {
    const copy = structuredClone(msg);
    queueMicrotask(() => listeners.forEach((l) => l({ data: copy } as MessageEvent<WorkerResponse>)));
  };
  let terminated = false;
  const port: WorkerPort = {
    postMessage: (msg: WorkerRequest) => {
      sent.push(msg);
      void handler.onmessage(structuredClone(msg));
    },
    addEventListener: ((type: string, fn: (e: MessageEvent<WorkerResponse>) => void) => {
      if (type === "message") listeners.push(fn);
    }) as WorkerPort["addEventListener"],
    terminate: () => {
      terminated = true;
    },
  };
  return { engine: new WorkerEngine(MODEL, port), sent, isTerminated: () => terminated };
}

describe("worker protocol", () => {
  it("loads with progress and reports the backend's capabilities", async () => {
    const { engine } = connect(new EchoBackend());
    const seen: number[] = [];
    await engine.load((p) => seen.push(p.progress ?? -1));
    expect(seen).toEqual([0.5, 1]);
    expect(engine.capabilities).toEqual({ backend: "transformers", device: "wasm", contextWindow: 128 });
  });

  it("streams pushed chunks in order and ends with the finish reason", async () => {
    const { engine } = connect(new EchoBackend());
    await engine.load();
    const out = await collect(engine.stream({ messages: [{ role: "user", content: "hello" }] }));
    expect(out).toEqual({ text: "hello", finishReason: "stop", usage: undefined });
  });

  it("abort stops generation inside the worker and keeps the partial text", async () => {
    const backend = new EchoBackend();
    const { engine, sent } = connect(backend);
    await engine.load();
    const controller = new AbortController();
    let text = "";
    let finish: string | null = null;
    for await (const c of engine.stream(
      { messages: [{ role: "user", content: "abcdefghijklmnop" }] },
      { signal: controller.signal },
    )) {
      text += c.choices[0].delta.content ?? "";
      finish = c.choices[0].finish_reason ?? finish;
      if (text.length === 3) controller.abort();
    }
    expect(sent.some((m) => m.type === "abort")).toBe(true);
    expect(backend.abortedStreams).toBe(1);
    expect(finish).toBe("abort");
    expect(text.length).toBeGreaterThanOrEqual(3);
    expect(text.length).toBeLessThan(16);
    expect("abcdefghijklmnop".startsWith(text)).toBe(true);
  });

  it("typed errors survive the boundary with their code", async () => {
    const { engine } = connect(new EchoBackend());
    await engine.load();
    const err = await collect(engine.stream({ messages: [{ role: "user", content: "boom" }] })).catch((e) => e);
    expect(err).toBeInstanceOf(JoustError);
    expect(err.code).toBe("context_overflow:engine");
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/context window is 128/);
  });

  it("unload reaches the backend and terminates the worker", async () => {
    const backend = new EchoBackend();
    const { engine, isTerminated } = connect(backend);
    await engine.load();
    await engine.unload();
    expect(backend.unloaded).toBe(true);
    expect(isTerminated()).toBe(true);
  });
});

describe("JoustError", () => {
  it("round-trips through JSON and maps to HTTP", async () => {
    const e = new JoustError("rate_limit:api", "Slow down", { retryAfter: 3 });
    const back = JoustError.from(JSON.parse(JSON.stringify({ error: e })));
    expect(back.code).toBe("rate_limit:api");
    expect(back.details).toEqual({ retryAfter: 3 });
    const res = e.toResponse();
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({
      error: { code: "rate_limit:api", message: "Slow down", details: { retryAfter: 3 } },
    });
  });

  it("unknown throws become the fallback code, AbortError becomes aborted", () => {
    expect(JoustError.from(new Error("x"), "upstream:provider").code).toBe("upstream:provider");
    expect(JoustError.from(new DOMException("stop", "AbortError")).code).toBe("aborted:chat");
    expect(JoustError.from({ code: "not a code", message: "m" }).code).toBe("internal:engine");
  });
});
