/**
 * The model catalog the pickers show: in-browser models (transformers.js, web-llm prebuilt,
 * user-added custom URLs), remote models from the server (GET /api/models), and — only when
 * `localStorage["joust:fake-engine"] === "1"` (tests) — deterministic fake models.
 * (Initial version; the models-page work extends it with web-llm's prebuilt list and custom models.)
 */
import type { ModelDescriptor } from "./types";

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

export function fakeEngineEnabled(): boolean {
  try {
    return typeof localStorage !== "undefined" && localStorage.getItem("joust:fake-engine") === "1";
  } catch {
    return false;
  }
}

/** Built-in in-browser models (no network needed to list them). */
export function builtinLocalModels(): ModelDescriptor[] {
  return [TINY_MODEL, ...(fakeEngineEnabled() ? FAKE_MODELS : [])];
}
