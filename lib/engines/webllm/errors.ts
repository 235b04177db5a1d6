/**
 * web-llm failures → typed JoustErrors, by error class name (web-llm sets `name` on each of its
 * error classes but exports only a few of them) or by the fetch outcome we observed ourselves —
 * never by matching English message text.
 */
import { isAbortError, JoustError } from "@/lib/errors";
import { WEBLLM_MODEL_VERSION } from "./records";

/** What the backend's own probe of the model URLs found before/while loading. */
export interface FetchOutcome {
  url: string;
  /** HTTP status, or undefined when the request never got a response (offline, DNS, CORS). */
  status?: number;
}

const BY_NAME: Record<string, (e: Error) => JoustError> = {
  WebGPUNotAvailableError: () =>
    new JoustError("unsupported:webgpu", "Unable to find a compatible GPU: WebGPU is not available in this browser."),
  WebGPUNotFoundError: () =>
    new JoustError("unsupported:webgpu", "Unable to find a compatible GPU: WebGPU is not available in this browser."),
  ShaderF16SupportError: () =>
    new JoustError(
      "unsupported:webgpu",
      'This model needs the WebGPU "shader-f16" feature, which this GPU adapter does not offer. Try the q4f32 variant.',
    ),
  FeatureSupportError: (e) => new JoustError("unsupported:webgpu", e.message),
  DeviceLostError: () =>
    new JoustError(
      "internal:webgpu",
      "The GPU device was lost (often out of memory). Reload the page and try a smaller model or a shorter context.",
    ),
  ContextWindowSizeExceededError: (e) =>
    new JoustError("context_overflow:engine", "The conversation is longer than this model's context window.", {
      detail: e.message,
    }),
  ModelNotFoundError: (e) => new JoustError("not_found:model", e.message),
  MissingModelWasmError: (e) => new JoustError("bad_request:model", e.message),
  MissingModelError: (e) => new JoustError("bad_request:model", e.message),
  ConfigValueError: (e) => new JoustError("bad_request:engine", e.message),
  RangeError: (e) => new JoustError("bad_request:engine", e.message),
  // The model library (.wasm) does not compile/link against this web-llm runtime (wrong version or not a lib).
  CompileError: () => incompatibleLib(),
  LinkError: () => incompatibleLib(),
  IntegrityError: (e) =>
    new JoustError("internal:download", `A downloaded model file failed its integrity check. ${e.message}`),
};

/** Map an error thrown by MLCEngine (reload, chat.completions.create) to a JoustError. */
export function mapWebLLMError(err: unknown, fetchFailure?: FetchOutcome): JoustError {
  if (err instanceof JoustError) return err;
  if (isAbortError(err)) return JoustError.from(err);
  if (fetchFailure) return fetchFailureError(fetchFailure);
  if (isRecord(err) && err.constructor?.name === "GPUOutOfMemoryError") return outOfMemory();
  if (err instanceof Error) {
    // Allocation failures: WebGPU's GPUOutOfMemoryError, or a native RangeError from ArrayBuffer /
    // WebAssembly.Memory growth (web-llm's own "RangeError" is a ConfigValueError, not a native one).
    if (err.name === "GPUOutOfMemoryError" || err instanceof globalThis.RangeError) return outOfMemory();
    const mapped = BY_NAME[err.name];
    if (mapped) return mapped(err);
    // Cache.add()/fetch() reject with a TypeError when the request never got a usable response.
    if (err.name === "TypeError" && isOffline()) return offline();
  }
  return JoustError.from(err, "internal:engine");
}

/** A non-OK or failed fetch of a model file. */
export function fetchFailureError(f: FetchOutcome): JoustError {
  if (f.status === undefined) return offline(f.url);
  if (f.status === 404 || f.status === 401 || f.status === 410) {
    return new JoustError("not_found:model", `Model file not found (HTTP ${f.status}): ${f.url}`, {
      url: f.url,
      status: f.status,
    });
  }
  return new JoustError("upstream:download", `Downloading a model file failed (HTTP ${f.status}): ${f.url}`, {
    url: f.url,
    status: f.status,
  });
}

function incompatibleLib(): JoustError {
  return new JoustError(
    "unsupported:model",
    `The model library (.wasm) is not compatible with this web-llm runtime (it expects libraries built for ${WEBLLM_MODEL_VERSION}).`,
  );
}

function outOfMemory(): JoustError {
  return new JoustError("unavailable:engine", "The GPU ran out of memory loading this model. Try a smaller model.");
}

function offline(url?: string): JoustError {
  return new JoustError(
    "offline:download",
    "Could not download the model: the network is unreachable. Check your connection and retry.",
    url ? { url } : undefined,
  );
}

function isOffline(): boolean {
  return typeof navigator !== "undefined" && navigator.onLine === false;
}

function isRecord(v: unknown): v is { constructor?: { name?: string } } {
  return typeof v === "object" && v !== null;
}
