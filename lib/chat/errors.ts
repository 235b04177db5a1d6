/** Readable text for a failed answer, chosen by error code (never by message text). */
import type { JoustError } from "@/lib/errors";
import type { ModelDescriptor } from "@/lib/models/descriptor";

export function describeError(error: JoustError, model?: ModelDescriptor): string {
  const window = numberDetail(error, "contextWindow") ?? model?.contextWindow;
  switch (error.code) {
    case "context_overflow:engine":
    case "context_overflow:provider":
    case "context_overflow:chat":
      return `This conversation is longer than the model's context window (${window ? `${window} tokens` : "its limit"}). Start a new chat or shorten it.`;
    case "unsupported:webgpu":
      return `${error.message} Pick a model that runs on WASM, or use a browser with WebGPU.`;
    case "offline:download":
    case "offline:api":
      return `${error.message} Check your connection and retry.`;
    case "rate_limit:provider":
    case "rate_limit:api": {
      const after = numberDetail(error, "retryAfter");
      return after ? `${error.message} Try again in ${after} s.` : error.message;
    }
    default:
      return error.message || "Something went wrong while generating the answer.";
  }
}

function numberDetail(error: JoustError, key: string): number | undefined {
  const v = error.details?.[key];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}
