/**
 * ModelDescriptor ⇄ web-llm model record, without importing web-llm (the main thread uses this
 * through the catalog; the worker uses it with web-llm's live prebuilt list).
 */
import { JoustError } from "@/lib/errors";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { needsShaderF16, type WebLLMModelFacts } from "./compat";
import snapshot from "./prebuilt-models.json";

/** One entry of the build-time snapshot of web-llm's prebuiltAppConfig (scripts/snapshot-webllm-models.mjs). */
export interface PrebuiltModel extends WebLLMModelFacts {
  model: string;
  model_lib: string;
  low_resource_required?: boolean;
  context_window_size?: number;
}

export const WEBLLM_MODEL_VERSION: string = snapshot.modelVersion;
export const PREBUILT_WEBLLM_MODELS = snapshot.models as PrebuiltModel[];

export const WEBLLM_ID_PREFIX = "webllm:";

export function prebuiltToDescriptor(r: PrebuiltModel): ModelDescriptor {
  return {
    id: `${WEBLLM_ID_PREFIX}${r.model_id}`,
    backend: "webllm",
    displayName: r.model_id,
    backendModelId: r.model_id,
    url: r.model,
    modelLibUrl: r.model_lib,
    contextWindow: r.context_window_size,
    vramMB: r.vram_required_MB !== undefined ? Math.round(r.vram_required_MB) : undefined,
    requiresF16: needsShaderF16(r),
    bufferSizeRequiredBytes: r.buffer_size_required_bytes,
    requiredFeatures: r.required_features,
  };
}

/** The record web-llm's appConfig needs for a descriptor (custom or prebuilt). */
export interface WebLLMRecord extends WebLLMModelFacts {
  model: string;
  model_lib: string;
}

export function descriptorToRecord(
  d: ModelDescriptor,
  prebuilt: readonly WebLLMRecord[] = PREBUILT_WEBLLM_MODELS,
): WebLLMRecord {
  if (d.backend !== "webllm") throw new JoustError("bad_request:model", `${d.id} is not a web-llm model.`);
  if (d.url && d.modelLibUrl) {
    const known = prebuilt.find((r) => r.model_id === d.backendModelId);
    return {
      ...(known ?? {}),
      model_id: d.backendModelId,
      model: d.url,
      model_lib: d.modelLibUrl,
      vram_required_MB: d.vramMB ?? known?.vram_required_MB,
      buffer_size_required_bytes: d.bufferSizeRequiredBytes ?? known?.buffer_size_required_bytes,
      required_features: d.requiredFeatures ?? (d.requiresF16 ? ["shader-f16"] : known?.required_features),
    };
  }
  const known = prebuilt.find((r) => r.model_id === d.backendModelId);
  if (!known)
    throw new JoustError(
      "not_found:model",
      `web-llm has no prebuilt model "${d.backendModelId}", and no model URL was given.`,
    );
  return known;
}

/** web-llm's URL rule: the model URL gets `resolve/main/` unless it already names a revision. */
export function modelBaseUrl(modelUrl: string): string {
  let u = modelUrl.endsWith("/") ? modelUrl : `${modelUrl}/`;
  if (!/.+\/resolve\/.+\//.test(u)) u += "resolve/main/";
  return u;
}
