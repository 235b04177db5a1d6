/**
 * First-run decisions for the chat: which models to recommend on a fresh install, and what to do
 * when a message goes to a model that cannot answer yet (download it first and say so, or refuse
 * with a readable reason) — never a raw loader error. Pure: callers pass the device facts in.
 */
import { isTestModel } from "@/lib/models/catalog";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import type { AdapterFacts } from "@/lib/engines/webllm/compat";
import { formatBytes } from "./download";
import { runnableHere } from "./runnable";

/** Download size in bytes when known (web-llm records carry VRAM only; it tracks the weights' size). */
export function approxBytes(m: ModelDescriptor): number | undefined {
  return m.sizeBytes ?? (m.vramMB !== undefined ? m.vramMB * 1024 * 1024 : undefined);
}

/** Where an in-browser model runs here: "WebGPU" or "WASM" (transformers.js falls back to WASM). */
export function runsOn(m: ModelDescriptor, adapter: AdapterFacts | null): "WebGPU" | "WASM" | "server" {
  if (m.backend === "remote") return "server";
  if (m.backend === "webllm") return "WebGPU";
  return adapter ? "WebGPU" : "WASM";
}

/**
 * A few in-browser models this device can run, smallest download first: the built-in transformers.js
 * picks and web-llm's prebuilt list, without test fixtures or custom URLs, skipping anything whose
 * size is unknown. Cached ones come first (they are ready).
 */
export function recommendedLocal(
  models: ModelDescriptor[],
  adapter: AdapterFacts | null,
  cachedIds: ReadonlySet<string>,
  count = 4,
): ModelDescriptor[] {
  const candidates = models.filter(
    (m) =>
      (m.backend === "transformers" || m.backend === "webllm") &&
      !isTestModel(m) &&
      !m.id.startsWith("custom:") &&
      approxBytes(m) !== undefined &&
      runnableHere(m, adapter).ok,
  );
  const size = (m: ModelDescriptor) => approxBytes(m) ?? Infinity;
  return candidates
    .sort((a, b) => Number(cachedIds.has(b.id)) - Number(cachedIds.has(a.id)) || size(a) - size(b))
    .slice(0, count);
}

export type SendDecision =
  | { kind: "send" }
  /** Not on this device yet: the turn downloads it first; `notice` says so in the conversation. */
  | { kind: "download-first"; notice: string }
  /** Cannot answer here: nothing is sent, `message` says why. */
  | { kind: "blocked"; message: string };

export interface DeviceFacts {
  /** Is this model's download in the browser's caches? undefined = not checked yet. */
  cached: boolean | undefined;
  online: boolean;
  adapter: AdapterFacts | null;
  testModels: boolean;
}

/** What sending a message to `m` should do on this device right now. */
export function decideSend(m: ModelDescriptor, f: DeviceFacts): SendDecision {
  if (m.backend === "remote") {
    if (m.available === false)
      return {
        kind: "blocked",
        message: `${m.displayName} is not available: ${m.unavailableReason ?? "the server disabled it"}. Pick another model.`,
      };
    return f.online
      ? { kind: "send" }
      : {
          kind: "blocked",
          message: `${m.displayName} runs on the server and this browser is offline. Pick a downloaded in-browser model, or try again when you are back online.`,
        };
  }
  if (isTestModel(m))
    return f.testModels
      ? { kind: "send" }
      : { kind: "blocked", message: `${m.displayName} is a test fixture and is only available when tests turn it on.` };
  const runnable = runnableHere(m, f.adapter);
  if (!runnable.ok)
    return { kind: "blocked", message: `${m.displayName} cannot run on this device: ${runnable.error.message}` };
  if (f.cached !== false) return { kind: "send" };
  const size = approxBytes(m);
  if (!f.online)
    return {
      kind: "blocked",
      message: `${m.displayName} is not downloaded yet and this browser is offline. Pick a downloaded model, or try again online.`,
    };
  return {
    kind: "download-first",
    notice: `${m.displayName} is not on this device yet: downloading it${size ? ` (about ${formatBytes(size)})` : ""} first, once. Its answer follows when the download finishes.`,
  };
}
