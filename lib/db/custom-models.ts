/**
 * User-added models (self-hosted weights by URL) in the Dexie `customModels` table.
 * `validateCustomModel` is the one place that checks the Models page form.
 */
import type { CustomModel, JoustDB } from "./client-db";

export type CustomModelInput =
  | { backend: "transformers"; baseUrl: string; modelId: string; displayName?: string }
  | { backend: "webllm"; modelUrl: string; modelLibUrl: string; modelId?: string; displayName?: string };

export type CustomModelValidation =
  | { ok: true; model: CustomModel }
  | { ok: false; errors: Partial<Record<"baseUrl" | "modelId" | "modelUrl" | "modelLibUrl", string>> };

/** Validate form input and build the stored descriptor. Relative URLs ("/models/") resolve against `origin`. */
export function validateCustomModel(input: CustomModelInput, origin: string, now = Date.now()): CustomModelValidation {
  if (input.backend === "transformers") {
    const errors: Record<string, string> = {};
    const base = resolveUrl(input.baseUrl, origin);
    if (!base) errors.baseUrl = "Enter an http(s) URL or a path starting with /, e.g. /models/";
    const id = input.modelId.trim().replace(/^\/+|\/+$/g, "");
    if (!id) errors.modelId = "Enter the model id (the folder holding config.json), e.g. tiny-chat";
    else if (!/^[\w.-]+(\/[\w.-]+)*$/.test(id) || id.split("/").includes(".."))
      errors.modelId = "Letters, digits, . _ - and / only";
    if (!base || Object.keys(errors).length) return { ok: false, errors };
    const url = base.endsWith("/") ? base : `${base}/`;
    return {
      ok: true,
      model: {
        id: `custom:transformers:${url}${id}`,
        backend: "transformers",
        displayName: input.displayName?.trim() || id,
        backendModelId: id,
        url,
        addedAt: now,
      },
    };
  }
  const errors: Record<string, string> = {};
  const modelUrl = resolveUrl(input.modelUrl, origin);
  const libUrl = resolveUrl(input.modelLibUrl, origin);
  if (!modelUrl) errors.modelUrl = "Enter the model URL (its files live under …/resolve/main/)";
  if (!libUrl) errors.modelLibUrl = "Enter the URL of the compiled model library (.wasm)";
  else if (!new URL(libUrl).pathname.endsWith(".wasm")) errors.modelLibUrl = "The model library URL must end in .wasm";
  if (!modelUrl || !libUrl || Object.keys(errors).length) return { ok: false, errors };
  const derivedId =
    new URL(modelUrl).pathname
      .split("/")
      .filter((p) => p && p !== "resolve" && p !== "main")
      .pop() ?? "custom";
  const modelId = input.modelId?.trim() || derivedId;
  return {
    ok: true,
    model: {
      id: `custom:webllm:${modelUrl}`,
      backend: "webllm",
      displayName: input.displayName?.trim() || modelId,
      backendModelId: modelId,
      url: modelUrl,
      modelLibUrl: libUrl,
      requiresF16: /-q\d+f16/.test(modelId) || undefined,
      addedAt: now,
    },
  };
}

function resolveUrl(value: string, origin: string): string | null {
  const v = value.trim();
  if (!v) return null;
  if (!/^https?:\/\//i.test(v) && !v.startsWith("/")) return null;
  try {
    const u = new URL(v, origin);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

export async function listCustomModels(db: JoustDB): Promise<CustomModel[]> {
  return db.customModels.orderBy("addedAt").toArray();
}

/** Add (or replace, same id) a validated custom model. */
export async function putCustomModel(db: JoustDB, model: CustomModel): Promise<void> {
  await db.customModels.put(model);
}

export async function removeCustomModel(db: JoustDB, id: string): Promise<void> {
  await db.customModels.delete(id);
}
