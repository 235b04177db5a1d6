import { describe, expect, it, vi } from "vitest";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { WebLLMBackend, type WebLLMDeps } from "./backend";
import type { AdapterFacts } from "./compat";

const GiB = 1024 ** 3;
const swiftshader: AdapterFacts = {
  features: ["subgroups"],
  limits: { maxBufferSize: GiB, maxStorageBufferBindingSize: GiB },
};
const f16Model: ModelDescriptor = {
  id: "webllm:Llama-3.2-1B-Instruct-q4f16_1-MLC",
  backend: "webllm",
  displayName: "L",
  backendModelId: "Llama-3.2-1B-Instruct-q4f16_1-MLC",
};
const f32Model: ModelDescriptor = {
  ...f16Model,
  id: "webllm:Llama-3.2-1B-Instruct-q4f32_1-MLC",
  backendModelId: "Llama-3.2-1B-Instruct-q4f32_1-MLC",
};

function deps(over: Partial<WebLLMDeps> = {}): WebLLMDeps & { fetch: ReturnType<typeof vi.fn> } {
  const fetchFn = vi.fn(async () => new Response("{}", { status: 200 }));
  return {
    probeAdapter: async () => swiftshader,
    isCached: async () => false,
    createEngine: () => {
      throw new Error("engine must not be created");
    },
    ...over,
    fetch: (over.fetch as ReturnType<typeof vi.fn>) ?? fetchFn,
  } as WebLLMDeps & { fetch: ReturnType<typeof vi.fn> };
}

describe("WebLLMBackend.load", () => {
  it("refuses a q4f16 model on an adapter without shader-f16 before any request", async () => {
    const d = deps();
    await expect(new WebLLMBackend(d).load(f16Model, () => {})).rejects.toMatchObject({ code: "unsupported:webgpu" });
    expect(d.fetch).not.toHaveBeenCalled();
  });

  it("refuses with no WebGPU adapter", async () => {
    const d = deps({ probeAdapter: async () => null });
    await expect(new WebLLMBackend(d).load(f32Model, () => {})).rejects.toMatchObject({
      code: "unsupported:webgpu",
      message: expect.stringContaining("WebGPU is not available in this browser"),
    });
    expect(d.fetch).not.toHaveBeenCalled();
  });

  it("maps a 404 on the model config to not_found:model and an unreachable host to offline:download", async () => {
    const d404 = deps({ fetch: vi.fn(async () => new Response("no", { status: 404 })) });
    await expect(new WebLLMBackend(d404).load(f32Model, () => {})).rejects.toMatchObject({ code: "not_found:model" });
    const dOff = deps({ fetch: vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))) });
    await expect(new WebLLMBackend(dOff).load(f32Model, () => {})).rejects.toMatchObject({ code: "offline:download" });
  });

  it("reports progress with bytes from tensor-cache.json and maps reload failures by class", async () => {
    const fetchFn = vi.fn(async (url: string) =>
      url.endsWith("tensor-cache.json")
        ? Response.json({ records: [{ nbytes: 600 }, { nbytes: 400 }] })
        : new Response("{}"),
    );
    const progress: unknown[] = [];
    const lost = Object.assign(new Error("x"), { name: "DeviceLostError" });
    const engine = { reload: vi.fn(), unload: vi.fn(async () => {}), interruptGenerate: vi.fn(), chat: {} };
    const d = deps({
      fetch: fetchFn as never,
      createEngine: (_cfg, onProgress) => {
        engine.reload.mockImplementation(async () => {
          onProgress({ progress: 0.5, text: "Fetching" });
          throw lost;
        });
        return engine as never;
      },
    });
    await expect(new WebLLMBackend(d).load(f32Model, (p) => progress.push(p))).rejects.toMatchObject({
      code: "internal:webgpu",
    });
    expect(progress).toEqual([{ progress: 0.5, text: "Fetching", totalBytes: 1000, loadedBytes: 500 }]);
    expect(engine.unload).toHaveBeenCalled();
  });
});

describe("WebLLMBackend.stream", () => {
  it("passes parameters through, maps chunks and usage, and interrupts on abort", async () => {
    const create = vi.fn(async () =>
      (async function* () {
        yield {
          id: "c1",
          created: 1,
          choices: [{ index: 0, delta: { role: "assistant", content: "Hi" }, finish_reason: null }],
        };
        ac.abort();
        yield { id: "c1", created: 1, choices: [{ index: 0, delta: {}, finish_reason: "abort" }] };
        yield { id: "c1", created: 1, choices: [], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } };
      })(),
    );
    const engine = {
      reload: vi.fn(async () => {}),
      unload: vi.fn(async () => {}),
      interruptGenerate: vi.fn(),
      chat: { completions: { create } },
    };
    const b = new WebLLMBackend(deps({ isCached: async () => true, createEngine: () => engine as never }));
    await b.load(f32Model, () => {});
    const ac = new AbortController();
    const out = [];
    for await (const c of b.stream(
      {
        messages: [{ role: "user", content: "hey" }],
        temperature: 0.2,
        top_p: 0.9,
        max_tokens: 5,
        stop: ["\n"],
        seed: 7,
      },
      ac.signal,
    ))
      out.push(c);
    expect(create).toHaveBeenCalledWith(
      expect.objectContaining({
        stream: true,
        stream_options: { include_usage: true },
        temperature: 0.2,
        top_p: 0.9,
        max_tokens: 5,
        stop: ["\n"],
        seed: 7,
      }),
    );
    expect(engine.interruptGenerate).toHaveBeenCalled();
    expect(out[0]).toMatchObject({
      model: f32Model.id,
      choices: [{ delta: { role: "assistant", content: "Hi" }, finish_reason: null }],
    });
    expect(out[1].choices[0].finish_reason).toBe("abort");
    expect(out[2].usage).toEqual({ prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 });
  });

  it("maps a context overflow to context_overflow:engine", async () => {
    const overflow = Object.assign(new Error("x"), { name: "ContextWindowSizeExceededError" });
    const engine = {
      reload: vi.fn(async () => {}),
      unload: vi.fn(async () => {}),
      interruptGenerate: vi.fn(),
      chat: { completions: { create: vi.fn(async () => Promise.reject(overflow)) } },
    };
    const b = new WebLLMBackend(deps({ isCached: async () => true, createEngine: () => engine as never }));
    await b.load(f32Model, () => {});
    const it = b
      .stream({ messages: [{ role: "user", content: "long" }] }, new AbortController().signal)
      [Symbol.asyncIterator]();
    await expect(it.next()).rejects.toMatchObject({ code: "context_overflow:engine" });
  });
});

describe("WebLLMBackend behind the worker protocol", () => {
  it("posts a typed, serializable error for a refused load", async () => {
    const { EngineWorkerHandler } = await import("../worker-handler");
    const handler = new EngineWorkerHandler(new WebLLMBackend(deps({ probeAdapter: async () => null })));
    const posted: unknown[] = [];
    handler.postMessage = (m) => void posted.push(structuredClone(m));
    await handler.onmessage({ type: "load", id: "1", model: f32Model });
    expect(posted).toEqual([
      {
        type: "error",
        id: "1",
        error: { code: "unsupported:webgpu", message: expect.stringContaining("Unable to find a compatible GPU") },
      },
    ]);
  });
});
