/** Maps transformers.js / ONNX Runtime load failures to typed JoustErrors. */
import { JoustError } from "@/lib/errors";
import type { Device } from "../types";

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : typeof err === "string" ? err : "unknown error";
}

export function mapLoadError(err: unknown, ctx: { device: Device; baseUrl: string; modelName: string }): JoustError {
  if (err instanceof JoustError) return err;
  const msg = messageOf(err);
  const name = err instanceof Error ? err.name : "";
  const status = (err as { status?: unknown } | null)?.status;
  const url = /"(https?:[^"]+)"/.exec(msg)?.[1] ?? `${ctx.baseUrl}${ctx.modelName}/`;
  if (name === "ModelFileNotFoundError" || status === 404 || /Could not locate file/i.test(msg)) {
    return new JoustError(
      "not_found:model",
      `Model file not found: ${url} (HTTP ${typeof status === "number" ? status : 404}). Check the model's base URL.`,
      { url },
    );
  }
  if (err instanceof TypeError && /fetch|network|load failed/i.test(msg)) {
    return new JoustError(
      "offline:download",
      `Could not download the model from ${url}: the network request failed. Check your connection and retry.`,
      { url },
    );
  }
  if (ctx.device === "webgpu" && /webgpu|gpu|adapter|device lost|shader/i.test(msg)) {
    return new JoustError("unsupported:webgpu", `WebGPU could not run this model (${msg}). Retry on WASM.`);
  }
  const http = /Error \((\d{3})\) occurred while trying to load file/.exec(msg);
  if (http)
    return new JoustError("unavailable:download", `The model server answered HTTP ${http[1]} for ${url}.`, { url });
  return new JoustError("internal:model", `Could not load the model: ${msg}`);
}
