/**
 * Pure WebGPU compatibility checks for web-llm models, run in the worker BEFORE any
 * download (and on the Models page to say whether a model can run here).
 * No web-llm import: these work on plain adapter facts and model records.
 */
import { JoustError } from "@/lib/errors";

/** What we know about a WebGPU adapter (a plain object, so it can cross postMessage). */
export interface AdapterFacts {
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
  features: string[];
  limits: {
    maxBufferSize: number;
    maxStorageBufferBindingSize: number;
    maxComputeWorkgroupStorageSize?: number;
    maxComputeInvocationsPerWorkgroup?: number;
  };
}

/** The parts of a web-llm model record the checks need. */
export interface WebLLMModelFacts {
  model_id: string;
  vram_required_MB?: number;
  buffer_size_required_bytes?: number;
  required_features?: string[];
}

export type CompatResult = { ok: true } | { ok: false; error: JoustError };

const MB = 1024 * 1024;

/** q4f16_1, q0f16, q3f16 … — the "f16" in web-llm's quantization names means shader-f16 is needed. */
export function needsShaderF16(model: Pick<WebLLMModelFacts, "model_id" | "required_features">): boolean {
  return /-q\d+f16(_\d+)?(-|$)/.test(model.model_id) || (model.required_features ?? []).includes("shader-f16");
}

/** The f32 sibling web-llm usually ships for an f16 model id (q4f16_1 → q4f32_1). */
export function f32Variant(modelId: string): string {
  return modelId.replace(/-q(\d+)f16(_\d+)?/, (_m, bits: string, suffix?: string) => `-q${bits}f32${suffix ?? ""}`);
}

export function noWebGPUError(): JoustError {
  return new JoustError(
    "unsupported:webgpu",
    "Unable to find a compatible GPU for in-browser web-llm models: WebGPU is not available in this browser. " +
      "Use a transformers.js model (runs on WASM) or a remote model instead.",
  );
}

/** Decide, from adapter facts alone, whether a web-llm model can run. `adapter` null = no WebGPU. */
export function checkWebLLMCompat(model: WebLLMModelFacts, adapter: AdapterFacts | null): CompatResult {
  if (!adapter) return { ok: false, error: noWebGPUError() };
  const features = new Set(adapter.features);
  if (needsShaderF16(model) && !features.has("shader-f16")) {
    const alt = f32Variant(model.model_id);
    return {
      ok: false,
      error: new JoustError(
        "unsupported:webgpu",
        `${model.model_id} needs the WebGPU "shader-f16" feature, which this GPU adapter does not offer.` +
          (alt !== model.model_id ? ` Try the q4f32 variant instead (${alt}).` : ""),
        { modelId: model.model_id, missingFeature: "shader-f16", suggestion: alt !== model.model_id ? alt : undefined },
      ),
    };
  }
  const missing = (model.required_features ?? []).filter((f) => f !== "shader-f16" && !features.has(f));
  if (missing.length > 0) {
    return {
      ok: false,
      error: new JoustError(
        "unsupported:webgpu",
        `${model.model_id} needs the WebGPU feature(s) ${missing.join(", ")}, which this GPU adapter does not offer.`,
        { modelId: model.model_id, missingFeature: missing[0] },
      ),
    };
  }
  const maxBuffer = Math.min(adapter.limits.maxBufferSize, adapter.limits.maxStorageBufferBindingSize);
  if (model.buffer_size_required_bytes !== undefined && model.buffer_size_required_bytes > maxBuffer) {
    return {
      ok: false,
      error: new JoustError(
        "unsupported:webgpu",
        `${model.model_id} needs GPU buffers of ${formatMB(model.buffer_size_required_bytes)}, but this adapter allows at most ` +
          `${formatMB(maxBuffer)} (maxBufferSize / maxStorageBufferBindingSize). Choose a smaller model.`,
        { modelId: model.model_id, limit: "maxStorageBufferBindingSize" },
      ),
    };
  }
  if (
    model.vram_required_MB !== undefined &&
    model.vram_required_MB * MB > adapter.limits.maxBufferSize * VRAM_TO_BUFFER_FACTOR
  ) {
    return {
      ok: false,
      error: new JoustError(
        "unsupported:webgpu",
        `${model.model_id} needs about ${Math.round(model.vram_required_MB)} MB of GPU memory, more than this adapter ` +
          `can address (maxBufferSize ${formatMB(adapter.limits.maxBufferSize)}). Choose a smaller model.`,
        { modelId: model.model_id, limit: "maxBufferSize" },
      ),
    };
  }
  return { ok: true };
}

/**
 * WebGPU exposes no total-VRAM figure. A model's VRAM is spread over many buffers, but an adapter
 * whose single-buffer limit is tiny (a few hundred MB: old/mobile GPUs) cannot hold a multi-GB model:
 * we refuse when the model needs more than 8× the largest buffer allowed.
 */
export const VRAM_TO_BUFFER_FACTOR = 8;

function formatMB(bytes: number): string {
  return `${Math.round(bytes / MB)} MB`;
}

/** Read the adapter facts from a live GPUAdapter (in a page or a worker). */
export function adapterFacts(adapter: {
  features: Iterable<string>;
  limits: Record<string, unknown>;
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}): AdapterFacts {
  const l = adapter.limits as Record<string, number>;
  return {
    vendor: adapter.info?.vendor,
    architecture: adapter.info?.architecture,
    description: adapter.info?.description,
    isFallbackAdapter: adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false,
    features: [...adapter.features].sort(),
    limits: {
      maxBufferSize: Number(l.maxBufferSize),
      maxStorageBufferBindingSize: Number(l.maxStorageBufferBindingSize),
      maxComputeWorkgroupStorageSize: Number(l.maxComputeWorkgroupStorageSize),
      maxComputeInvocationsPerWorkgroup: Number(l.maxComputeInvocationsPerWorkgroup),
    },
  };
}

/** `navigator.gpu.requestAdapter()` → facts, or null when WebGPU (or an adapter) is unavailable. */
export async function probeAdapter(): Promise<AdapterFacts | null> {
  const gpu = (globalThis.navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
  if (!gpu) return null;
  try {
    const adapter = await gpu.requestAdapter();
    return adapter ? adapterFacts(adapter as Parameters<typeof adapterFacts>[0]) : null;
  } catch {
    return null;
  }
}
