/// <reference lib="webworker" />
// The offline app shell (Serwist): precached build assets and icons, network-first pages kept for
// offline, the engines' WASM kept once used. The rules live in lib/pwa/cache-rules.ts; nothing
// else is cached (no API response, no model weight).
import { CacheFirst, NetworkFirst, Serwist, type PrecacheEntry, type SerwistGlobalConfig } from "serwist";
import {
  isEngineRuntime,
  isShellNavigation,
  PAGES_CACHE,
  pageCacheKey,
  RUNTIME_CACHE,
  SHELL_PAGES,
} from "@/lib/pwa/cache-rules";

declare global {
  interface WorkerGlobalScope extends SerwistGlobalConfig {
    __SW_MANIFEST: (PrecacheEntry | string)[] | undefined;
  }
}
declare const self: ServiceWorkerGlobalScope;

const origin = self.location.origin;
const pageKey = { cacheKeyWillBeUsed: async ({ request }: { request: Request }) => pageCacheKey(new URL(request.url)) };

const serwist = new Serwist({
  precacheEntries: self.__SW_MANIFEST,
  skipWaiting: true,
  clientsClaim: true,
  runtimeCaching: [
    {
      matcher: ({ request, url }) => isShellNavigation(request, url, origin),
      handler: new NetworkFirst({ cacheName: PAGES_CACHE, networkTimeoutSeconds: 10, plugins: [pageKey] }),
    },
    { matcher: ({ url }) => isEngineRuntime(url, origin), handler: new CacheFirst({ cacheName: RUNTIME_CACHE }) },
  ],
});

// After one visit every page of the shell opens offline, not only the ones visited.
self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(PAGES_CACHE).then((c) => Promise.all(SHELL_PAGES.map((p) => c.add(p).catch(() => undefined)))),
  );
});

serwist.addEventListeners();
