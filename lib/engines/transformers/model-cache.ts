/**
 * The Cache API store transformers.js uses (`transformers-cache`), wrapped so a failed
 * load can be purged completely: files still in flight when the load failed would
 * otherwise land in the cache after the purge. Puts under a blocked prefix are dropped.
 */
import { env } from "@huggingface/transformers";

export class GuardedModelCache {
  private readonly blocked = new Set<string>();
  private store: Promise<Cache> | null = null;
  private readonly inFlight = new Set<Promise<void>>();

  private open(): Promise<Cache> {
    return (this.store ??= caches.open(env.cacheKey));
  }

  private isBlocked(key: string): boolean {
    for (const p of this.blocked) if (key.startsWith(p)) return true;
    return false;
  }

  async match(key: string): Promise<Response | undefined> {
    return (await this.open()).match(key);
  }

  async put(key: string, response: Response): Promise<void> {
    if (this.isBlocked(key)) return;
    // Tracked, so a purge that starts while this write is under way waits for it and then deletes it.
    const write = this.open().then((cache) => (this.isBlocked(key) ? undefined : cache.put(key, response)));
    this.inFlight.add(write);
    try {
      await write;
    } finally {
      this.inFlight.delete(write);
    }
  }

  /** A new load of this model may cache again. */
  allow(prefix: string): void {
    this.blocked.delete(prefix);
  }

  /** Drop everything cached under `prefix` and ignore late writes from the failed load. */
  async purge(prefix: string): Promise<void> {
    this.blocked.add(prefix);
    await Promise.allSettled([...this.inFlight]);
    const cache = await this.open();
    for (const req of await cache.keys()) if (req.url.startsWith(prefix)) await cache.delete(req);
  }
}
