import { describe, expect, it } from "vitest";
import {
  FAKE_MODELS,
  TINY_MODEL,
  TRANSFORMERS_HUB_MODELS,
  remoteToDescriptor,
  webllmPrebuiltModels,
} from "@/lib/models/catalog";
import { matchesQuery, pickerGroups, pushRecent, selectableIds } from "./picker";

const [smol135, smol360, qwen] = TRANSFORMERS_HUB_MODELS;
const webllm = webllmPrebuiltModels().find((m) => m.backendModelId === "Llama-3.2-1B-Instruct-q4f32_1-MLC")!;
const gpt = remoteToDescriptor({
  name: "gpt-4o",
  provider: "openai",
  available: true,
  arena: { anonymousOnly: false, weight: 1 },
});
const off = remoteToDescriptor({
  name: "claude",
  provider: "anthropic",
  available: false,
  unavailableReason: "no key",
  arena: { anonymousOnly: false, weight: 1 },
});
const models = [qwen, smol360, smol135, webllm, gpt, off];
const facts = { cachedIds: new Set([smol360.id]), adapter: null, recent: [] as string[] };
const ids = (g: ReturnType<typeof pickerGroups>) => g.map((x) => [x.id, x.items.map((i) => i.model.id)]);

describe("model picker", () => {
  it("groups Ready on this device / Remote / Downloadable; downloadable smallest first, unrunnable last", () => {
    expect(ids(pickerGroups(models, facts))).toEqual([
      ["ready", [smol360.id]],
      ["remote", [gpt.id, off.id]],
      ["downloadable", [smol135.id, qwen.id, webllm.id]], // web-llm needs WebGPU: listed, not selectable
    ]);
    expect(selectableIds(pickerGroups(models, facts))).toEqual([smol360.id, gpt.id, smol135.id, qwen.id]);
  });

  it("puts recent models first in their group", () => {
    const g = pickerGroups(models, { ...facts, recent: [qwen.id, off.id] });
    expect(g.find((x) => x.id === "downloadable")!.items.map((i) => i.model.id)).toEqual([
      qwen.id,
      smol135.id,
      webllm.id,
    ]);
    expect(g.find((x) => x.id === "downloadable")!.items[0].recent).toBe(true);
    expect(pushRecent(["a", "b", "c"], "c", 3)).toEqual(["c", "a", "b"]);
    expect(pushRecent(["a", "b", "c"], "d", 3)).toEqual(["d", "a", "b"]);
  });

  it("searches name, id and provider, every word", () => {
    expect(ids(pickerGroups(models, facts, "smol 135"))).toEqual([["downloadable", [smol135.id]]]);
    expect(ids(pickerGroups(models, facts, "OPENAI"))).toEqual([["remote", [gpt.id]]]);
    expect(pickerGroups(models, facts, "no such model")).toEqual([]);
    expect(matchesQuery(smol360, "huggingfacetb/smollm2-360m")).toBe(true);
  });

  it("listed test fixtures count as ready", () => {
    expect(ids(pickerGroups([TINY_MODEL, ...FAKE_MODELS], facts))).toEqual([
      ["ready", [TINY_MODEL.id, ...FAKE_MODELS.map((m) => m.id)]],
    ]);
  });
});
