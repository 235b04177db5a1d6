import { describe, expect, it } from "vitest";
import { FAKE_MODELS, TINY_MODEL, TRANSFORMERS_HUB_MODELS, webllmPrebuiltModels } from "@/lib/models/catalog";
import type { PublicModelInfo } from "@/lib/providers/types";
import { localPool, poolShortfall, remotePool } from "./pool";

const remote = (name: string, available: boolean, weight = 1): PublicModelInfo => ({
  name,
  provider: "openai",
  available,
  arena: { anonymousOnly: false, weight },
});
const [smol, smol360] = TRANSFORMERS_HUB_MODELS;
const webllm = webllmPrebuiltModels().find((m) => m.backendModelId === "Llama-3.2-1B-Instruct-q4f32_1-MLC")!;
const models = [TINY_MODEL, ...FAKE_MODELS, smol, smol360, webllm];

describe("arena pool", () => {
  it("keeps in-browser models that are cached and runnable here; test fixtures only with the flag", () => {
    const cachedIds = new Set([smol.id, webllm.id]);
    expect(localPool({ models, cachedIds, adapter: null, testModels: false }).map((m) => m.id)).toEqual([smol.id]); // web-llm needs WebGPU
    expect(localPool({ models, cachedIds, adapter: null, testModels: true }).map((m) => m.id)).toEqual([
      TINY_MODEL.id,
      ...FAKE_MODELS.map((m) => m.id),
      smol.id,
    ]);
    expect(localPool({ models, cachedIds: new Set(), adapter: null, testModels: false })).toEqual([]);
  });

  it("keeps remote models that are available and weigh above 0", () => {
    expect(remotePool([remote("a", true), remote("b", false), remote("c", true, 0)]).map((m) => m.name)).toEqual(["a"]);
  });

  it("needs two models that can answer now", () => {
    expect(poolShortfall(0, 0)).toEqual({ remote: 0, local: 0 });
    expect(poolShortfall(1, 0)).toEqual({ remote: 1, local: 0 });
    expect(poolShortfall(1, 1)).toBeNull();
    expect(poolShortfall(2, 0)).toBeNull();
  });
});
