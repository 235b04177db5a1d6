/**
 * transformers.js inside a Web Worker (served by workers/transformers.worker.ts).
 * Weights come from the model's base URL (`${url}${backendModelId}/…`; relative URLs
 * resolve against the page origin) or, without one, from the Hugging Face hub. ONNX
 * Runtime's wasm files always come from our own origin (/ort/).
 */
import { AutoConfig, AutoModelForCausalLM, AutoTokenizer, env, type ProgressInfo } from "@huggingface/transformers";
import type { WorkerBackend } from "../protocol";
import type { ChatCompletionChunk, ChatRequest } from "@/lib/chat-protocol/types";
import type { EngineCapabilities, LoadProgress } from "@/lib/engines/types";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { contextWindowOf, streamChat, type LoadedTextModel } from "./generate-core";
import { mapLoadError } from "./load-errors";
import { GuardedModelCache } from "./model-cache";
import { JoustError } from "@/lib/errors";

const HF_HOST = "https://huggingface.co/";

async function pickDevice(model: ModelDescriptor): Promise<"webgpu" | "wasm"> {
  if (model.device === "wasm") return "wasm";
  const gpu = (globalThis.navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return "wasm";
  try {
    return (await gpu.requestAdapter()) ? "webgpu" : "wasm";
  } catch {
    return "wasm";
  }
}

/** Aggregates per-file progress events into one LoadProgress over all files. */
export function progressMapper(onProgress: (p: LoadProgress) => void): (info: ProgressInfo) => void {
  const files = new Map<string, { loaded: number; total: number }>();
  const emit = (text: string) => {
    let loadedBytes = 0;
    let totalBytes = 0;
    for (const f of files.values()) {
      loadedBytes += f.loaded;
      totalBytes += f.total;
    }
    onProgress({ text, loadedBytes, totalBytes, progress: totalBytes > 0 ? loadedBytes / totalBytes : undefined });
  };
  return (info) => {
    switch (info.status) {
      case "initiate":
      case "download":
        if (!files.has(info.file)) files.set(info.file, { loaded: 0, total: 0 });
        return emit(`Loading ${info.file}`);
      case "progress":
        files.set(info.file, { loaded: info.loaded, total: info.total });
        return emit(`Downloading ${info.file}`);
      case "done": {
        const f = files.get(info.file);
        if (f) f.loaded = f.total;
        return emit(`Loaded ${info.file}`);
      }
      default:
        return;
    }
  };
}

/**
 * ONNX Runtime's wasm files, from our own origin. transformers.js imports
 * `onnxruntime-web/webgpu`, whose default runtime is the Asyncify build (needed by the
 * WebGPU EP, but its instrumentation slows every CPU kernel). A worker serves one model on
 * one device, so a WASM-only worker loads the plain SIMD build instead: the same kernels
 * without Asyncify (the JS side only calls the WebGPU hooks when they exist).
 */
export function ortWasmPaths(origin: string, device: "webgpu" | "wasm"): string | { mjs: string; wasm: string } {
  const base = new URL("/ort/", origin).href;
  if (device === "webgpu") return base;
  return { mjs: `${base}ort-wasm-simd-threaded.mjs`, wasm: `${base}ort-wasm-simd-threaded.wasm` };
}

const modelCache = typeof caches === "undefined" ? null : new GuardedModelCache();

export class TransformersBackend implements WorkerBackend {
  private loaded: LoadedTextModel | null = null;

  async load(model: ModelDescriptor, onProgress: (p: LoadProgress) => void): Promise<EngineCapabilities> {
    const origin = self.location.origin;
    env.allowLocalModels = false;
    env.allowRemoteModels = true;
    // Browser Cache API caching (through a wrapper that a failed load can purge completely).
    env.useBrowserCache = false;
    env.useCustomCache = modelCache !== null;
    env.customCache = modelCache;
    // Bypass the HTTP cache: Chromium can answer a later full GET from the 1-byte Range
    // response transformers.js uses to read file sizes (seen as a truncated JSON on a retry).
    // Persistence is the Cache API above.
    env.fetch = (input: string | URL, init?: RequestInit) => fetch(input, { ...init, cache: "no-store" });
    const base = model.url ? new URL(model.url.endsWith("/") ? model.url : `${model.url}/`, origin).href : HF_HOST;
    env.remoteHost = base;
    env.remotePathTemplate = model.url ? "{model}/" : "{model}/resolve/{revision}/";
    const name = model.backendModelId;
    const prefix = `${base}${name}/`;
    modelCache?.allow(prefix);
    const device = await pickDevice(model);
    env.backends.onnx.wasm!.wasmPaths = ortWasmPaths(origin, device);
    const progress_callback = progressMapper(onProgress);
    try {
      // config.json first: a wrong base URL fails here with the URL that 404'd.
      const config = await AutoConfig.from_pretrained(name, { progress_callback });
      const tokenizer = await AutoTokenizer.from_pretrained(name, { progress_callback });
      const m = await AutoModelForCausalLM.from_pretrained(name, {
        config,
        device,
        progress_callback,
        ...(model.dtype ? { dtype: model.dtype as "fp32" } : {}),
      });
      const contextWindow = contextWindowOf(m.config, model.contextWindow ?? 2048);
      this.loaded = { modelId: model.id, tokenizer, model: m, contextWindow };
      onProgress({ text: "Ready", progress: 1 });
      return { backend: "transformers", device, contextWindow };
    } catch (err) {
      // Remove what this failed load cached, so a retry starts clean.
      await modelCache?.purge(prefix).catch(() => undefined);
      throw mapLoadError(err, { device, baseUrl: base, modelName: name });
    }
  }

  stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<ChatCompletionChunk> {
    if (!this.loaded) throw new JoustError("unavailable:engine", "The model is not loaded yet.");
    return streamChat(this.loaded, request, signal);
  }

  async unload(): Promise<void> {
    const m = this.loaded?.model;
    this.loaded = null;
    await m?.dispose();
  }
}
