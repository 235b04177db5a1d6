/**
 * The leaderboard as a cached service over the vote store. One result per query, tagged with the
 * store version it was computed from. A request whose result is current gets it; when votes have
 * arrived since, the request still gets the last result at once (marked stale, with its age) and
 * one recomputation per query starts off the request path, debounced, so a burst of votes costs
 * one computation. Only a query never computed before waits, and concurrent first requests share
 * one computation (single flight). A first style-controlled computation over many battles answers with
 * the point fit (no intervals yet, `intervalsPending`) and computes the bootstrap intervals after it, in
 * the background, into the same cache entry.
 *
 * Results are also kept in the store (`leaderboard_results`), shared by every app instance over it: a query
 * this process has not computed yet is answered from the stored result (current, or stale with its age while
 * it is recomputed), so a restarted or added instance answers at once; and a recomputation after new votes
 * runs in one instance at a time (a lease per query), the others taking its stored result when it lands.
 */
import "server-only";
import { arenaConfig } from "@/lib/arena/server/config";
import { JoustError } from "@/lib/errors";
import { listPublicModels } from "@/lib/providers/remote-chat";
import type { PublicModelInfo } from "@/lib/providers/types";
import type { PackedDecoderFactory } from "@/lib/votes/compact-sink";
import { getVoteStore } from "@/lib/votes/store";
import type { VoteStore } from "@/lib/votes/types";
import { type BattleInput, loadBattles, voteQuery } from "./compute";
import { prewarmOffThread, type Rate, type Rated, rateInline, rateOffThread } from "./off-thread";
import { modelInfo } from "./model-info";
import { buildId, type Computed, SharedResults } from "./shared-results";
import type { LeaderboardModel, LeaderboardQuery, LeaderboardResponse } from "./types";

interface Entry {
  version: number;
  result: Promise<Computed>;
  /** The last successful result (served while a newer one is computed). */
  value?: Computed;
  refresh?: Promise<void>;
  /** The bootstrap intervals being computed for a point-fit `value` (point first). */
  intervals?: Promise<void>;
}

/** What one computation loaded besides the battles (assembled into the response with each result). */
interface Loaded {
  totalVotes: number;
  publicModels: PublicModelInfo[];
  categories: LeaderboardResponse["categories"];
}

const MAX_ENTRIES = 32;

export interface ServiceOptions {
  /** Wait this long after noticing new votes before recomputing (default 2000 ms). */
  debounceMs?: number;
  /** joust.config.json `arena.countClientAttestedVotes`: rate votes whose browser-run side the server never saw. */
  includeClientAttested?: () => boolean;
  /** Runs the statistics (default inline); the process-wide service runs them in a worker thread (./off-thread). */
  rate?: Rate;
  /**
   * A first style-controlled computation over more battles than this answers with the point fit first and
   * computes the bootstrap intervals in the background (default 200,000: about 3 s of bootstrap per 200k).
   */
  pointFirstAbove?: number;
  /**
   * How long a recomputation may hold its query's lease before another instance may take over (default 15 min:
   * a full style-controlled recomputation of 10M votes, intervals included, takes about 3½ min).
   */
  leaseMs?: number;
  /**
   * Which stored results this instance may use: instances share only results stored under the same scope. The
   * process-wide service uses the build's id, so a new release never serves a result in an older release's format.
   */
  resultScope?: string;
  /**
   * Called as a computation starts reading its input: the off-thread rate starts its workers meanwhile, and
   * may return where the read decodes its binary rows (the computing worker, while this thread fetches).
   */
  prewarm?: (q: LeaderboardQuery) => PackedDecoderFactory | undefined;
}

/** Battles in a computation's input (what the statistics will cost). */
function battleCount(input: BattleInput): number {
  if (input.kind === "compact") return input.battles.length;
  if (input.kind === "rows") return input.outcomes.length;
  return input.counts.reduce((n, c) => n + c.count, 0);
}

export class LeaderboardService {
  private cache = new Map<string, Entry>();
  /** Number of computations started (observable for tests and logs). */
  computations = 0;
  private readonly debounceMs: number;
  private readonly includeClientAttested: () => boolean;
  private readonly rate: Rate;
  private readonly prewarm?: ServiceOptions["prewarm"];
  private readonly pointFirstAbove: number;
  private readonly leaseMs: number;
  private readonly shared: SharedResults;
  /** The store's packs being brought up to date after a style-controlled read (one run at a time). */
  private sealing?: Promise<void>;

  constructor(
    private readonly store: () => Promise<VoteStore>,
    private readonly models: () => Promise<PublicModelInfo[]> = async () => [],
    private readonly now: () => Date = () => new Date(),
    opts: ServiceOptions = {},
  ) {
    this.debounceMs = opts.debounceMs ?? 2000;
    this.includeClientAttested = opts.includeClientAttested ?? (() => false);
    this.rate = opts.rate ?? rateInline;
    this.prewarm = opts.prewarm;
    this.pointFirstAbove = opts.pointFirstAbove ?? 200_000;
    this.leaseMs = opts.leaseMs ?? 15 * 60_000;
    this.shared = new SharedResults(opts.resultScope ?? "", models);
  }

  async get(asked: LeaderboardQuery): Promise<LeaderboardResponse> {
    const query: LeaderboardQuery = { ...asked, clientAttested: this.includeClientAttested() };
    const store = await this.store();
    const version = await store.version();
    const key = JSON.stringify([
      query.clientAttested,
      query.anony,
      query.excludeTies,
      query.minBattles,
      query.from ?? null,
      query.to ?? null,
      query.rounds,
      query.style,
      query.category,
    ]);
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key); // LRU: move to the back
      this.cache.set(key, hit);
      if (hit.version === version) {
        const v = await hit.result;
        return this.serve(v, hit.version !== version); // a stored result may turn out older than it
      }
      if (hit.value) {
        hit.refresh ??= this.refresh(key, hit, store, query);
        return this.serve(hit.value, true);
      }
    }
    const entry = this.start(key, store, version, query);
    const v = await entry.result;
    return this.serve(v, entry.version !== version);
  }

  /** Resolves when no background recomputation (refresh or intervals) is pending (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.sealing || [...this.cache.values()].some((e) => e.refresh || e.intervals))
      await Promise.all([...this.cache.values()].flatMap((e) => [e.refresh, e.intervals]).concat(this.sealing));
  }

  /**
   * A query this process has no result for: the stored one (another instance's, or this one's before a restart)
   * when it is current; when it is older, that one at once (stale) and a recomputation in the background;
   * else a computation, whose complete result is stored for the others.
   */
  private start(key: string, store: VoteStore, version: number, query: LeaderboardQuery): Entry {
    const entry: Entry = { version, result: Promise.resolve(undefined as unknown as Computed) };
    entry.result = this.shared.load(store, key).then((stored) => {
      if (stored && stored.version !== version) {
        entry.version = stored.version;
        entry.value = stored.value;
        entry.refresh = this.refresh(key, entry, store, query);
      }
      if (stored) return stored.value;
      const computed = this.compute(store, version, query, (full) => {
        entry.intervals = full.then(
          (v) => {
            entry.value = v;
            entry.result = Promise.resolve(v);
            this.shared.save(store, key, v);
          },
          // The intervals failed (worker out of memory, …): the point fit is served as stale and the next
          // request recomputes it all in the background.
          () => void (entry.version = -1),
        );
        entry.intervals.finally(() => (entry.intervals = undefined));
      });
      return computed.then((v) => {
        if (!v.intervalsPending) this.shared.save(store, key, v);
        return v;
      });
    });
    this.put(key, entry);
    entry.result.then(
      (v) => void (entry.value ??= v),
      (e: unknown) => {
        // A statistics error (e.g. a disconnected graph) is a fact about this version and stays cached;
        // any other failure (store unreachable, …) must not stick: the next request retries.
        const permanent = e instanceof JoustError && e.code === "unsupported:leaderboard";
        if (!permanent && this.cache.get(key) === entry) this.cache.delete(key);
      },
    );
    return entry;
  }

  private put(key: string, entry: Entry): void {
    this.cache.delete(key);
    this.cache.set(key, entry);
    while (this.cache.size > MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
  }

  private async refresh(key: string, stale: Entry, store: VoteStore, query: LeaderboardQuery): Promise<void> {
    await stale.intervals; // one computation per query at a time
    await new Promise((r) => setTimeout(r, this.debounceMs));
    let leased = false;
    try {
      const version = await store.version();
      // Another instance may have stored this version's result already, or be computing it (its lease): then
      // this one keeps serving what it has, and a later request picks the stored result up.
      const shared = await this.shared.load(store, key);
      if (shared && shared.version >= version) {
        this.cache.set(key, { version: shared.version, result: Promise.resolve(shared.value), value: shared.value });
        return;
      }
      if (!(await this.shared.claim(store, key, this.leaseMs))) return;
      leased = true;
      const v = await this.compute(store, version, query);
      this.cache.set(key, { version, result: Promise.resolve(v), value: v });
      this.shared.save(store, key, v);
      leased = false; // saving ends the lease
    } catch (e) {
      if (e instanceof JoustError && e.code === "unsupported:leaderboard") {
        // A fact about the new votes (e.g. a disconnected graph): answer it, as a first computation would.
        const version = await store.version().catch(() => stale.version);
        const result = Promise.reject(e);
        result.catch(() => undefined);
        this.cache.set(key, { version, result });
      }
      // Anything else: keep serving the last result; the next request tries again.
    } finally {
      stale.refresh = undefined;
      if (leased) this.shared.release(store, key);
    }
  }

  private serve(v: Computed, stale: boolean): LeaderboardResponse {
    const age = Math.max(0, (this.now().getTime() - Date.parse(v.updatedAt)) / 1000);
    return { ...v, stale, ageSeconds: Math.round(age * 10) / 10 };
  }

  /**
   * One computation. With `pointFirst` (a first computation) and a style-controlled query over many
   * battles, it answers with the point fit (rounds 0, `intervalsPending`) and hands the full result's
   * promise — the same input, bootstrapped, started on a later tick — to `pointFirst`.
   */
  private async compute(
    store: VoteStore,
    version: number,
    q: LeaderboardQuery,
    pointFirst?: (full: Promise<Computed>) => void,
  ): Promise<Computed> {
    this.computations++;
    const decoder = this.prewarm?.(q);
    const [input, totalVotes, publicModels, categories] = await Promise.all([
      loadBattles(store, q, decoder),
      store.countVotes(),
      this.models().catch(() => [] as PublicModelInfo[]),
      store.categoryCounts ? store.categoryCounts({ ...voteQuery(q), category: undefined }) : Promise.resolve([]),
    ]);
    const loaded: Loaded = { totalVotes, publicModels, categories };
    if (pointFirst && q.style && q.rounds > 0 && battleCount(input) > this.pointFirstAbove) {
      const point = await this.rate(input, { ...q, rounds: 0 }, version);
      const full = new Promise((r) => setTimeout(r, 0))
        .then(() => this.rate(input, q, version))
        .then((rated) => this.assemble(rated, version, q, loaded, false));
      full.catch(() => undefined);
      pointFirst(full);
      this.sealAfter(store, full);
      return this.assemble(point, version, q, loaded, true);
    }
    const rated = this.rate(input, q, version);
    if (q.style) this.sealAfter(store, rated);
    return this.assemble(await rated, version, q, loaded, false);
  }

  /**
   * After a style-controlled computation (its read is the one packs speed up), the store packs what its read
   * found unpacked, so the next cold read finds it packed; after the statistics, not to compete with them.
   */
  private sealAfter(store: VoteStore, after: Promise<unknown>): void {
    if (!store.sealPacks || this.sealing) return;
    this.sealing = after
      .catch(() => undefined)
      .then(() => store.sealPacks?.())
      .then(
        () => undefined,
        (e: unknown) =>
          console.warn("[leaderboard] packing the vote features failed:", e instanceof Error ? e.message : e),
      )
      .finally(() => (this.sealing = undefined));
  }

  private async assemble(
    { board, unrated }: Rated,
    version: number,
    q: LeaderboardQuery,
    { totalVotes, publicModels, categories }: Loaded,
    intervalsPending: boolean,
  ): Promise<Computed> {
    const overall = q.category ? await this.overallRanks(q) : undefined;
    const info = modelInfo(publicModels);
    const models: LeaderboardModel[] = board.models.map((row) => {
      const before = overall?.get(row.model);
      return { ...row, ...info(row.model), rankDelta: before === undefined ? null : before - row.rank };
    });
    return {
      models,
      totalVotes,
      countedBattles: board.totalBattles,
      rounds: board.rounds,
      updatedAt: this.now().toISOString(),
      version,
      query: q,
      clientAttested: q.clientAttested ?? false,
      winFraction: board.winFraction,
      battleCounts: board.battleCounts,
      predictedWinRate: board.predictedWinRate,
      categories,
      ...(intervalsPending ? { intervalsPending } : {}),
      ...(board.style ? { style: board.style } : {}),
      ...(unrated ? { unrated } : {}),
    };
  }

  /** Ranks on the overall board with the same options (served from the cache when there). */
  private async overallRanks(q: LeaderboardQuery): Promise<Map<string, number> | undefined> {
    try {
      const overall = await this.get({ ...q, category: "" });
      return new Map(overall.models.map((m) => [m.model, m.rank]));
    } catch {
      return undefined;
    }
  }
}

let service: LeaderboardService | undefined;
/** The process-wide service over the real vote store and provider registry. */
export function getLeaderboardService(): LeaderboardService {
  service ??= new LeaderboardService(getVoteStore, listPublicModels, undefined, {
    includeClientAttested: () => arenaConfig().countClientAttested,
    rate: rateOffThread,
    prewarm: prewarmOffThread,
    resultScope: buildId(),
  });
  return service;
}
