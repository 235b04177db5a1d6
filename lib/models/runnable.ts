/** Can a catalog model run in this browser? The same compat checks the web-llm worker applies. */
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { checkWebLLMCompat, type AdapterFacts } from "@/lib/engines/webllm/compat";
import { descriptorToRecord } from "@/lib/engines/webllm/records";
import { JoustError, type SerializedError } from "@/lib/errors";

export type Runnable = { ok: true; note?: string } | { ok: false; error: SerializedError };

export function runnableHere(model: ModelDescriptor, adapter: AdapterFacts | null): Runnable {
  switch (model.backend) {
    case "webllm":
      try {
        const r = checkWebLLMCompat(descriptorToRecord(model), adapter);
        return r.ok ? { ok: true, note: "WebGPU" } : { ok: false, error: r.error.toJSON() };
      } catch (err) {
        return { ok: false, error: JoustError.from(err, "bad_request:model").toJSON() };
      }
    case "transformers":
      return { ok: true, note: adapter ? "WebGPU or WASM" : "WASM" };
    case "remote":
      return model.available === false
        ? {
            ok: false,
            error: {
              code: "unavailable:provider",
              message: model.unavailableReason ?? "This remote model is not available.",
            },
          }
        : { ok: true, note: "server" };
    default:
      return { ok: true };
  }
}
