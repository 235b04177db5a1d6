/**
 * Inspect and delete downloaded model files in the browser's Cache API, without loading any engine.
 * web-llm (cacheBackend "cache") keeps weights + config in "webllm/model" / "webllm/config" keyed by
 * `<model>/resolve/main/<file>` and the model library in "webllm/wasm" keyed by its URL;
 * transformers.js keeps files in "transformers-cache" keyed by the file URL (or local path, resolved
 * against our origin).
 */
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { modelBaseUrl } from "@/lib/engines/webllm/records";

export const WEBLLM_CACHES = ["webllm/model", "webllm/config", "webllm/wasm"] as const;
export const TRANSFORMERS_CACHE = "transformers-cache";
const HF = "https://huggingface.co";

export interface CacheMatcher {
  cacheNames: readonly string[];
  matches(url: string): boolean;
}

/** Which cache entries belong to a model. Pure (the origin is passed in) so it can be unit-tested. */
export function cacheMatcher(model: ModelDescriptor, origin: string): CacheMatcher | null {
  if (model.backend === "webllm") {
    if (!model.url) return null;
    const base = modelBaseUrl(new URL(model.url, origin).href);
    const lib = model.modelLibUrl ? new URL(model.modelLibUrl, origin).href : undefined;
    return { cacheNames: WEBLLM_CACHES, matches: (u) => u.startsWith(base) || u === lib };
  }
  if (model.backend === "transformers") {
    const id = model.backendModelId.replace(/^\/+|\/+$/g, "");
    const base = model.url ? new URL(`${id}/`, new URL(model.url, origin)).href : `${HF}/${id}/`;
    return { cacheNames: [TRANSFORMERS_CACHE], matches: (u) => u.startsWith(base) };
  }
  return null; // remote and fake models download nothing
}

export interface CacheInfo {
  cached: boolean;
  bytes: number;
  entries: number;
}

function cacheStorage(): CacheStorage | undefined {
  return typeof caches === "undefined" ? undefined : caches;
}

/** Cached entries and their total size for each model (one pass over each cache). */
export async function inspectModelCaches(
  models: ModelDescriptor[],
  origin = location.origin,
): Promise<Map<string, CacheInfo>> {
  const out = new Map<string, CacheInfo>();
  const storage = cacheStorage();
  const matchers = models
    .map((m) => [m, cacheMatcher(m, origin)] as const)
    .filter((x): x is [ModelDescriptor, CacheMatcher] => !!x[1]);
  for (const [m] of matchers) out.set(m.id, { cached: false, bytes: 0, entries: 0 });
  if (!storage) return out;
  const names = new Set(matchers.flatMap(([, mt]) => mt.cacheNames));
  for (const name of names) {
    if (!(await storage.has(name))) continue;
    const cache = await storage.open(name);
    for (const req of await cache.keys()) {
      const owners = matchers.filter(([, mt]) => mt.cacheNames.includes(name) && mt.matches(req.url));
      if (owners.length === 0) continue;
      const size = await entrySize(cache, req);
      for (const [m] of owners) {
        const info = out.get(m.id)!;
        info.cached = true;
        info.entries += 1;
        info.bytes += size;
      }
    }
  }
  return out;
}

async function entrySize(cache: Cache, req: Request): Promise<number> {
  const res = await cache.match(req);
  if (!res) return 0;
  const len = Number(res.headers.get("content-length"));
  if (Number.isFinite(len) && len > 0) return len;
  return (await res.blob()).size;
}

/** Delete every cached file of one model. Returns how many entries were removed. */
export async function deleteModelCache(model: ModelDescriptor, origin = location.origin): Promise<number> {
  const storage = cacheStorage();
  const matcher = cacheMatcher(model, origin);
  if (!storage || !matcher) return 0;
  let removed = 0;
  for (const name of matcher.cacheNames) {
    if (!(await storage.has(name))) continue;
    const cache = await storage.open(name);
    for (const req of await cache.keys()) {
      if (matcher.matches(req.url) && (await cache.delete(req))) removed += 1;
    }
  }
  return removed;
}

/** Drop every model cache (web-llm and transformers.js). */
export async function clearAllModelCaches(): Promise<void> {
  const storage = cacheStorage();
  if (!storage) return;
  await Promise.all([...WEBLLM_CACHES, TRANSFORMERS_CACHE].map((n) => storage.delete(n)));
}
