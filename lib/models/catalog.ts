/**
 * The model catalog the pickers show: in-browser models (the tiny test model, a few transformers.js
 * models from Hugging Face, web-llm's prebuilt list snapshotted at build time, user-added custom URLs),
 * remote models from the server (GET /api/models). Test fixtures (the tiny model, and the
 * deterministic fake models when `localStorage["joust:fake-engine"] === "1"`) are listed only when the
 * server runs with `JOUST_TEST_MODELS=1` (GET /api/models says so in `testModels`).
 * Nothing here imports web-llm or transformers.js: they live in their workers.
 */
import { fetchJson, JoustError, type SerializedError } from "@/lib/errors";
import type { PublicModelInfo } from "@/lib/providers/types";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { PREBUILT_WEBLLM_MODELS, prebuiltToDescriptor } from "@/lib/engines/webllm/records";

/** The tiny test model `npm run gen:tiny-model` writes under public/models/. */
export const TINY_MODEL: ModelDescriptor = {
  id: "transformers:tiny-chat",
  backend: "transformers",
  displayName: "Tiny Chat (test model)",
  backendModelId: "tiny-chat",
  url: "/models/",
  contextWindow: 512,
  dtype: "fp32",
};

export const FAKE_MODELS: ModelDescriptor[] = [
  { id: "fake:alpha", backend: "fake", displayName: "Fake Alpha", backendModelId: "alpha", contextWindow: 4096 },
  { id: "fake:beta", backend: "fake", displayName: "Fake Beta", backendModelId: "beta", contextWindow: 4096 },
];

/** transformers.js chat models on the Hugging Face Hub (ONNX exports), for real users. */
export const TRANSFORMERS_HUB_MODELS: ModelDescriptor[] = [
  {
    id: "transformers:HuggingFaceTB/SmolLM2-135M-Instruct",
    backend: "transformers",
    displayName: "SmolLM2 135M Instruct",
    backendModelId: "HuggingFaceTB/SmolLM2-135M-Instruct",
    contextWindow: 8192,
    sizeBytes: 138_000_000,
    dtype: "q4",
  },
  {
    id: "transformers:HuggingFaceTB/SmolLM2-360M-Instruct",
    backend: "transformers",
    displayName: "SmolLM2 360M Instruct",
    backendModelId: "HuggingFaceTB/SmolLM2-360M-Instruct",
    contextWindow: 8192,
    sizeBytes: 369_000_000,
    dtype: "q4",
  },
  {
    id: "transformers:onnx-community/Qwen2.5-0.5B-Instruct",
    backend: "transformers",
    displayName: "Qwen2.5 0.5B Instruct",
    backendModelId: "onnx-community/Qwen2.5-0.5B-Instruct",
    contextWindow: 32768,
    sizeBytes: 786_000_000,
    dtype: "q4",
  },
  {
    id: "transformers:onnx-community/Qwen3-0.6B-ONNX",
    backend: "transformers",
    displayName: "Qwen3 0.6B",
    backendModelId: "onnx-community/Qwen3-0.6B-ONNX",
    contextWindow: 32768,
    sizeBytes: 919_000_000,
    dtype: "q4f16",
  },
];

export function fakeEngineEnabled(): boolean {
  try {
    return typeof localStorage !== "undefined" && localStorage.getItem("joust:fake-engine") === "1";
  } catch {
    return false;
  }
}

/** Is this a test fixture (never a product, never in an anonymous pool by default)? */
export function isTestModel(m: Pick<ModelDescriptor, "id" | "backend">): boolean {
  return m.backend === "fake" || m.id === TINY_MODEL.id;
}

/** Built-in test fixtures, only when the server turned test models on (`JOUST_TEST_MODELS=1`). */
export function builtinLocalModels(testModels = false): ModelDescriptor[] {
  if (!testModels) return [];
  return [TINY_MODEL, ...(fakeEngineEnabled() ? FAKE_MODELS : [])];
}

/** web-llm's prebuilt chat models (from the build-time snapshot). */
export function webllmPrebuiltModels(): ModelDescriptor[] {
  return PREBUILT_WEBLLM_MODELS.map(prebuiltToDescriptor);
}

/** A configured server model as a descriptor; never carries secrets. */
export function remoteToDescriptor(m: PublicModelInfo): ModelDescriptor {
  return {
    id: `remote:${m.name}`,
    backend: "remote",
    displayName: m.name,
    backendModelId: m.name,
    provider: m.provider,
    available: m.available,
    unavailableReason: m.unavailableReason,
    contextWindow: m.contextWindow,
    ...(m.capabilities?.includes("vision") ? { vision: true } : {}),
  };
}

export interface RemoteModelsResult {
  models: ModelDescriptor[];
  /** The server runs with `JOUST_TEST_MODELS=1`: the test fixtures may be listed. */
  testModels: boolean;
  /** Set when GET /api/models failed: the catalog then lists in-browser models only. */
  error?: SerializedError;
}

/** GET /api/models → descriptors; a failure (including 404) yields no models and a typed error. */
export async function fetchRemoteModels(init?: RequestInit): Promise<RemoteModelsResult> {
  try {
    const body = await fetchJson<{ models?: PublicModelInfo[]; testModels?: boolean }>("/api/models", init);
    if (!Array.isArray(body?.models)) throw new JoustError("internal:api", "GET /api/models returned no model list.");
    return { models: body.models.map(remoteToDescriptor), testModels: body.testModels === true };
  } catch (err) {
    const e = JoustError.from(err, "unavailable:api");
    if (e.code === "aborted:chat") throw e;
    return { models: [], testModels: false, error: e.toJSON() };
  }
}

/** The whole catalog, in display order, without duplicate ids (first wins). */
export function buildCatalog(
  parts: { custom?: ModelDescriptor[]; remote?: ModelDescriptor[]; testModels?: boolean } = {},
): ModelDescriptor[] {
  const all = [
    ...builtinLocalModels(parts.testModels),
    ...TRANSFORMERS_HUB_MODELS,
    ...webllmPrebuiltModels(),
    ...(parts.custom ?? []),
    ...(parts.remote ?? []),
  ];
  const seen = new Set<string>();
  return all.filter((m) => (seen.has(m.id) ? false : (seen.add(m.id), true)));
}

/** Which Models-page group a descriptor belongs to. */
export type CatalogGroup = "webllm" | "transformers" | "custom" | "remote" | "test";

export function catalogGroup(m: ModelDescriptor): CatalogGroup {
  if (m.id.startsWith("custom:")) return "custom";
  if (m.backend === "remote") return "remote";
  if (isTestModel(m)) return "test";
  return m.backend === "webllm" ? "webllm" : "transformers";
}
