/**
 * The vote sync loop: sends pending outbox votes to POST /api/arena/votes in batches (≤ 50).
 * - per-vote results: stored/duplicate → synced (names revealed); rejected → rejected, never retried;
 * - network errors, 5xx, 408 and 429 → retried with exponential backoff + jitter (Retry-After honoured);
 * - one sync at a time: single-flight in this tab, a Web Lock across tabs (when available);
 * - resumes on the `online` event, on start (page load) and when a backoff timer fires.
 * A vote is only ever marked by a server answer, so a request lost mid-flight leaves it pending,
 * and it is resent with the same idempotency key (the server dedupes).
 */
import type { JoustDB, OutboxVote } from "@/lib/db/client-db";
import { isSerializedError } from "@/lib/errors";
import { MAX_VOTES_PER_BATCH } from "./server/limits";
import type { VoteResult } from "./api-types";
import { type VoteError, makeDueNow, markRejected, markRetry, markSynced, nextAttemptAt, pendingVotes } from "./outbox";

export const NETWORK_ERROR_CODE = "offline:vote";

export type Lock = <T>(fn: () => Promise<T>) => Promise<T>;

export interface VoteSyncOptions {
  db: JoustDB;
  /** Absolute or relative URL of the votes endpoint. */
  endpoint?: string;
  fetch?: typeof fetch;
  batchSize?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  requestTimeoutMs?: number;
  random?: () => number;
  /** Cross-tab mutual exclusion; defaults to a Web Lock when `navigator.locks` exists. */
  lock?: Lock;
}

export interface SyncReport {
  sent: number;
  synced: number;
  rejected: number;
  retried: number;
  requests: number;
}

type BatchOutcome =
  | { kind: "ok"; results: VoteResult[] }
  | { kind: "retry"; error: VoteError; retryAfterMs?: number }
  | { kind: "reject"; status: number; error: VoteError };

export class VoteSync {
  private readonly db: JoustDB;
  private readonly endpoint: string;
  private readonly fetchFn: typeof fetch;
  private readonly batchSize: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly requestTimeoutMs: number;
  private readonly random: () => number;
  private readonly lock: Lock;
  private running: Promise<SyncReport> | null = null;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private detach: (() => void) | undefined;

  constructor(opts: VoteSyncOptions) {
    this.db = opts.db;
    this.endpoint = opts.endpoint ?? "/api/arena/votes";
    this.fetchFn = opts.fetch ?? ((input, init) => fetch(input, init));
    this.batchSize = Math.min(opts.batchSize ?? MAX_VOTES_PER_BATCH, MAX_VOTES_PER_BATCH);
    this.baseDelayMs = opts.baseDelayMs ?? 1000;
    this.maxDelayMs = opts.maxDelayMs ?? 5 * 60_000;
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 30_000;
    this.random = opts.random ?? Math.random;
    this.lock = opts.lock ?? defaultLock();
  }

  /** Exponential backoff with jitter: a random wait in [d/2, d], d = min(max, base·2^(attempts−1)). */
  backoffMs(attempts: number): number {
    const d = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(d / 2 + (this.random() * d) / 2);
  }

  /** Start the loop: sync now, again when the browser comes online, and when backoff timers fire. */
  start(): () => void {
    this.stopped = false;
    if (typeof window !== "undefined" && !this.detach) {
      const onOnline = () => void this.resumeOnline();
      window.addEventListener("online", onOnline);
      this.detach = () => window.removeEventListener("online", onOnline);
    }
    void this.syncNow().catch(() => undefined);
    return () => this.stop();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.detach?.();
    this.detach = undefined;
  }

  /** Votes that failed for lack of network are due again at once; then sync. */
  async resumeOnline(): Promise<SyncReport> {
    await makeDueNow(this.db, (v) => v.lastError?.code === NETWORK_ERROR_CODE);
    return this.syncNow();
  }

  /** Send every due vote. Concurrent calls share one run (and trigger one more pass after it). */
  syncNow(): Promise<SyncReport> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = (async () => {
      const total: SyncReport = { sent: 0, synced: 0, rejected: 0, retried: 0, requests: 0 };
      try {
        do {
          this.again = false;
          const r = await this.lock(() => this.drain());
          for (const k of Object.keys(total) as Array<keyof SyncReport>) total[k] += r[k];
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
        await this.scheduleNext().catch(() => undefined);
      }
      return total;
    })();
    this.running = run;
    return run;
  }

  private async drain(): Promise<SyncReport> {
    const report: SyncReport = { sent: 0, synced: 0, rejected: 0, retried: 0, requests: 0 };
    while (!this.stopped) {
      const batch = await pendingVotes(this.db, { dueBy: Date.now(), limit: this.batchSize });
      if (batch.length === 0) break;
      const healthy = await this.sendBatch(batch, report);
      if (!healthy) break; // the server or network is failing: wait for the backoff timer
    }
    return report;
  }

  /** Returns false when the batch must be retried later. */
  private async sendBatch(batch: OutboxVote[], report: SyncReport): Promise<boolean> {
    report.sent += batch.length;
    report.requests++;
    const outcome = await this.post(batch);
    if (outcome.kind === "retry") {
      const keys = batch.map((v) => v.idempotencyKey);
      await markRetry(this.db, keys, outcome.error, (n) => outcome.retryAfterMs ?? this.backoffMs(n));
      report.retried += batch.length;
      return false;
    }
    if (outcome.kind === "reject") {
      // The whole request was refused (4xx): isolate the culprit by sending one at a time.
      if (batch.length > 1) {
        for (const v of batch) if (!(await this.sendBatch([v], report))) return false;
        return true;
      }
      await markRejected(this.db, batch[0].idempotencyKey, outcome.error);
      report.rejected++;
      return true;
    }
    const byKey = new Map(outcome.results.map((r) => [r.idempotencyKey, r]));
    const missing: string[] = [];
    for (const v of batch) {
      const r = byKey.get(v.idempotencyKey);
      if (!r) missing.push(v.idempotencyKey);
      else if (r.status === "rejected") {
        await markRejected(this.db, v.idempotencyKey, r.error);
        report.rejected++;
      } else {
        await markSynced(this.db, v.idempotencyKey, { model_a: r.model_a, model_b: r.model_b, counted: r.counted });
        report.synced++;
      }
    }
    if (missing.length) {
      await markRetry(
        this.db,
        missing,
        { code: "internal:vote", message: "The server did not answer for this vote." },
        (n) => this.backoffMs(n),
      );
      report.retried += missing.length;
      return false;
    }
    return true;
  }

  private async post(batch: OutboxVote[]): Promise<BatchOutcome> {
    let res: Response;
    try {
      res = await this.fetchFn(this.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ votes: batch.map((v) => v.payload) }),
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
    } catch {
      return {
        kind: "retry",
        error: { code: NETWORK_ERROR_CODE, message: "Offline: the vote will be sent when the server is reachable." },
      };
    }
    const body: unknown = await res.json().catch(() => null);
    const error = isRecord(body) && isSerializedError(body.error) ? body.error : undefined;
    if (res.status === 429 || res.status === 408 || res.status >= 500) {
      return {
        kind: "retry",
        error: error ?? {
          code: res.status === 429 ? "rate_limit:vote" : "unavailable:vote",
          message: `The server answered HTTP ${res.status}; retrying.`,
        },
        retryAfterMs: parseRetryAfter(res.headers.get("retry-after")),
      };
    }
    // An access code (JOUST_ACCESS_CODE) missing or expired: the votes wait until it is entered again.
    if (res.status === 401 && isRecord(error?.details) && error.details.access === true)
      return { kind: "retry", error };
    if (!res.ok)
      return {
        kind: "reject",
        status: res.status,
        error: error ?? { code: "bad_request:vote", message: `The server refused the vote (HTTP ${res.status}).` },
      };
    if (!isRecord(body) || !Array.isArray(body.results)) {
      return {
        kind: "retry",
        error: { code: "internal:vote", message: "The server sent an unreadable answer; retrying." },
      };
    }
    return { kind: "ok", results: body.results as VoteResult[] };
  }

  private async scheduleNext(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped) return;
    const at = await nextAttemptAt(this.db);
    if (at === undefined || this.stopped) return;
    this.timer = setTimeout(() => void this.syncNow().catch(() => undefined), Math.max(0, at - Date.now()));
  }
}

/** Retry-After as milliseconds (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function defaultLock(): Lock {
  const locks = typeof navigator !== "undefined" ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
  if (!locks) return (fn) => fn();
  return <T>(fn: () => Promise<T>) => locks.request("joust:vote-sync", () => fn()) as Promise<T>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

let browserSync: VoteSync | undefined;

/** The page's one sync loop (other tabs have their own; the Web Lock serialises them). */
export function browserVoteSync(db: JoustDB): VoteSync {
  browserSync ??= new VoteSync({ db });
  return browserSync;
}
