/**
 * Probe a web-llm model's URLs before handing them to MLCEngine: web-llm fetches through
 * Cache.add(), whose failures carry no status, so we learn offline/404 here and size the download.
 */
import type { FetchOutcome } from "./errors";
import { modelBaseUrl, type WebLLMRecord } from "./records";

export interface PreflightResult {
  failure?: FetchOutcome;
  /** Sum of the weight shards' sizes from tensor-cache.json, when readable. */
  totalBytes?: number;
}

export async function preflightModel(
  record: Pick<WebLLMRecord, "model" | "model_lib">,
  fetchFn: typeof fetch,
): Promise<PreflightResult> {
  const base = modelBaseUrl(record.model);
  const config = await probe(`${base}mlc-chat-config.json`, fetchFn, "GET");
  if (config.failure) return config;
  const lib = await probe(record.model_lib, fetchFn, "HEAD");
  if (lib.failure) return lib;
  let totalBytes: number | undefined;
  for (const name of ["tensor-cache.json", "ndarray-cache.json"]) {
    const res = await fetchFn(`${base}${name}`).catch(() => undefined);
    if (!res?.ok) continue;
    const body = (await res.json().catch(() => null)) as { records?: Array<{ nbytes?: number }> } | null;
    totalBytes = body?.records?.reduce((sum, r) => sum + (r.nbytes ?? 0), 0) || undefined;
    break;
  }
  return { totalBytes };
}

async function probe(url: string, fetchFn: typeof fetch, method: "GET" | "HEAD"): Promise<PreflightResult> {
  try {
    const res = await fetchFn(url, { method });
    await res.body?.cancel().catch(() => undefined);
    return res.ok ? {} : { failure: { url, status: res.status } };
  } catch {
    return { failure: { url } };
  }
}
