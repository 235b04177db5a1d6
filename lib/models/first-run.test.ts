import { describe, expect, it } from "vitest";
import { FAKE_MODELS, TINY_MODEL, TRANSFORMERS_HUB_MODELS, webllmPrebuiltModels } from "@/lib/models/catalog";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import type { AdapterFacts } from "@/lib/engines/webllm/compat";
import { decideSend, recommendedLocal, runsOn } from "./first-run";

const GiB = 1024 ** 3;
const gpu: AdapterFacts = {
  features: ["shader-f16"],
  limits: { maxBufferSize: 4 * GiB, maxStorageBufferBindingSize: 2 * GiB },
};
const smol = TRANSFORMERS_HUB_MODELS[0];
const remote = (available: boolean): ModelDescriptor => ({
  id: "remote:gpt",
  backend: "remote",
  displayName: "gpt",
  backendModelId: "gpt",
  available,
  unavailableReason: available ? undefined : "OPENAI key is not set",
});
const facts = { cached: false, online: true, adapter: null, testModels: false };
const catalog = [TINY_MODEL, ...FAKE_MODELS, ...TRANSFORMERS_HUB_MODELS, ...webllmPrebuiltModels()];

describe("recommendedLocal", () => {
  it("offers runnable real models, smallest first, never test fixtures", () => {
    const list = recommendedLocal(catalog, null, new Set());
    expect(list.map((m) => m.id)).toEqual(TRANSFORMERS_HUB_MODELS.map((m) => m.id)); // no WebGPU: no web-llm model
    expect(list.some((m) => m.id === TINY_MODEL.id || m.backend === "fake")).toBe(false);
    const withGpu = recommendedLocal(catalog, gpu, new Set(), 6);
    const sizes = withGpu.map((m) => m.sizeBytes ?? m.vramMB! * 1024 * 1024);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
  });

  it("puts cached (ready) models first", () => {
    const big = TRANSFORMERS_HUB_MODELS.at(-1)!;
    expect(recommendedLocal(catalog, null, new Set([big.id]))[0].id).toBe(big.id);
  });

  it("says where a model runs", () => {
    expect(runsOn(smol, null)).toBe("WASM");
    expect(runsOn(smol, gpu)).toBe("WebGPU");
    expect(runsOn(webllmPrebuiltModels()[0], gpu)).toBe("WebGPU");
  });
});

describe("decideSend (not ready → download)", () => {
  it("downloads a runnable in-browser model that is not cached yet, and says so", () => {
    const d = decideSend(smol, facts);
    expect(d.kind).toBe("download-first");
    if (d.kind === "download-first") expect(d.notice).toContain("SmolLM2 135M Instruct is not on this device yet");
  });

  it("sends at once to a cached model, and refuses a download while offline", () => {
    expect(decideSend(smol, { ...facts, cached: true })).toEqual({ kind: "send" });
    expect(decideSend(smol, { ...facts, online: false }).kind).toBe("blocked");
    expect(decideSend(smol, { ...facts, cached: true, online: false })).toEqual({ kind: "send" });
  });

  it("refuses a model this device cannot run with the reason, and an unavailable remote model with the server's reason", () => {
    const webllm = webllmPrebuiltModels().find((m) => m.backend === "webllm")!;
    const d = decideSend(webllm, { ...facts, adapter: null });
    expect(d.kind).toBe("blocked");
    const r = decideSend(remote(false), facts);
    expect(r).toEqual({ kind: "blocked", message: expect.stringContaining("OPENAI key is not set") });
    expect(decideSend(remote(true), facts)).toEqual({ kind: "send" });
  });

  it("test fixtures answer only when tests turn them on", () => {
    expect(decideSend(TINY_MODEL, facts).kind).toBe("blocked");
    expect(decideSend(TINY_MODEL, { ...facts, testModels: true })).toEqual({ kind: "send" });
  });
});
