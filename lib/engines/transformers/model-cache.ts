/**
 * The Cache API store transformers.js uses (`transformers-cache`), wrapped so a failed
 * load can be purged completely: files still in flight when the load failed would
 * otherwise land in the cache after the purge. Puts under a blocked prefix are dropped.
 */
import { env } from "@huggingface/transformers";

export class GuardedModelCache {
  private readonly blocked = new Set<string>();
  private store: Promise<Cache> | null = null;

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
    await (await this.open()).put(key, response);
  }

  /** A new load of this model may cache again. */
  allow(prefix: string): void {
    this.blocked.delete(prefix);
  }

  /** Drop everything cached under `prefix` and ignore late writes from the failed load. */
  async purge(prefix: string): Promise<void> {
    this.blocked.add(prefix);
    const cache = await this.open();
    for (const req of await cache.keys()) if (req.url.startsWith(prefix)) await cache.delete(req);
  }
}
