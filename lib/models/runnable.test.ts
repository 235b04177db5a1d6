import { describe, expect, it } from "vitest";
import { TINY_MODEL, webllmPrebuiltModels } from "@/lib/models/catalog";
import type { AdapterFacts } from "@/lib/engines/webllm/compat";
import { runnableHere } from "./runnable";

const GiB = 1024 ** 3;
const swiftshader: AdapterFacts = {
  features: ["subgroups"],
  limits: { maxBufferSize: GiB, maxStorageBufferBindingSize: GiB },
};
const byId = (id: string) => webllmPrebuiltModels().find((m) => m.backendModelId === id)!;

describe("runnableHere", () => {
  it("applies the web-llm compat checks to catalog descriptors", () => {
    const f16 = runnableHere(byId("Llama-3.2-1B-Instruct-q4f16_1-MLC"), swiftshader);
    expect(f16.ok).toBe(false);
    if (!f16.ok) expect(f16.error.message).toContain("shader-f16");
    expect(runnableHere(byId("Llama-3.2-1B-Instruct-q4f32_1-MLC"), swiftshader).ok).toBe(true);
    const none = runnableHere(byId("Llama-3.2-1B-Instruct-q4f32_1-MLC"), null);
    expect(none.ok || none.error.code).toBe("unsupported:webgpu");
  });

  it("transformers.js models run on WASM without WebGPU; unavailable remote models carry the server's reason", () => {
    expect(runnableHere(TINY_MODEL, null)).toEqual({ ok: true, note: "WASM" });
    const r = runnableHere(
      {
        id: "remote:x",
        backend: "remote",
        displayName: "x",
        backendModelId: "x",
        available: false,
        unavailableReason: "no key",
      },
      null,
    );
    expect(r).toEqual({ ok: false, error: { code: "unavailable:provider", message: "no key" } });
  });
});
