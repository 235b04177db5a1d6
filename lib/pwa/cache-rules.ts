/**
 * What the service worker (workers/sw.ts) may cache. Pure, so the rules are tested without a worker.
 * Never: API responses (/api/*), model weights (/models/*, anything cross-origin — Hugging Face, the
 * web-llm CDN), which the engines' own model caches own. Pages are network-first with the last copy
 * kept for offline; the engines' WASM runtimes are kept once used so cached models work offline.
 */

/** The app shell pages warmed into the page cache when the worker installs (after one visit, all open offline). */
export const SHELL_PAGES = ["/", "/arena", "/arena/side-by-side", "/models", "/leaderboard", "/playground"] as const;

export const PAGES_CACHE = "joust-pages";
export const RUNTIME_CACHE = "joust-engine-runtime";

function sameOrigin(url: URL, origin: string): boolean {
  return url.origin === origin;
}

/** Never served from or stored in the worker's caches. */
export function isNeverCached(url: URL, origin: string): boolean {
  return (
    !sameOrigin(url, origin) ||
    url.pathname.startsWith("/api/") ||
    url.pathname.startsWith("/models/") ||
    url.pathname === "/sw.js"
  );
}

/** A page navigation the shell cache answers when the network cannot. */
export function isShellNavigation(req: { mode: string; method?: string }, url: URL, origin: string): boolean {
  return req.mode === "navigate" && (req.method ?? "GET") === "GET" && !isNeverCached(url, origin);
}

/**
 * Kept once used (cache-first): the engines' runtime (onnxruntime-web's WASM under /ort/) and build
 * assets too large to precache (content-hashed under /_next/static/, so never stale), e.g. the
 * transformers.js chunk and its WASM, so cached in-browser models keep working offline.
 */
export function isEngineRuntime(url: URL, origin: string): boolean {
  if (isNeverCached(url, origin)) return false;
  return url.pathname.startsWith("/ort/") || url.pathname.startsWith("/_next/static/");
}

/** Pages are cached by path: "/?c=<id>" opens offline from the cached "/" (the chat reads the id itself). */
export function pageCacheKey(url: URL): string {
  return url.origin + url.pathname;
}
