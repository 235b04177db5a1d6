/**
 * The vote outbox: a vote is written to IndexedDB (with the whole battle) BEFORE any
 * network request, and leaves the outbox only as "synced" or "rejected" — never deleted,
 * never lost. The sync loop (lib/arena/sync.ts) is the only reader that sends.
 */
import type { JoustDB, LocalBattle, OutboxVote } from "@/lib/db/client-db";
import { JoustError } from "@/lib/errors";
import type { Winner } from "@/lib/rating/types";
import type { VoteSubmission } from "./api-types";

/** A vote error as stored (server codes are kept verbatim). */
export interface VoteError {
  code: string;
  message: string;
}

export interface RecordVoteInput {
  battle: Omit<LocalBattle, "status">;
  winner: Winner;
  language?: string;
  /** Defaults to `crypto.randomUUID()`. */
  idempotencyKey?: string;
  now?: number;
}

export function buildSubmission(
  battle: Omit<LocalBattle, "status">,
  winner: Winner,
  key: string,
  now: number,
  language?: string,
): VoteSubmission {
  const submission: VoteSubmission = {
    idempotencyKey: key,
    battleId: battle.id,
    token: battle.token,
    winner,
    turn: battle.conversationA.filter((m) => m.role === "user").length,
    tstamp: now / 1000, // FastChat convention: seconds since epoch
    conversation_a: battle.conversationA,
    conversation_b: battle.conversationB,
  };
  if (language) submission.language = language;
  return submission;
}

/**
 * Write the battle (status "voted") and its vote in ONE transaction. A battle takes one vote:
 * a second vote for the same battle throws `conflict:vote` and writes nothing.
 */
export async function recordVote(db: JoustDB, input: RecordVoteInput): Promise<OutboxVote> {
  const now = input.now ?? Date.now();
  const key = input.idempotencyKey ?? crypto.randomUUID();
  const submission = buildSubmission(input.battle, input.winner, key, now, input.language);
  const vote: OutboxVote = {
    idempotencyKey: key,
    battleId: input.battle.id,
    createdAt: now,
    state: "pending",
    attempts: 0,
    nextAttemptAt: now,
    payload: submission as unknown as Record<string, unknown>,
  };
  await db.transaction("rw", db.battles, db.outbox, async () => {
    const existing = await db.outbox.where("battleId").equals(input.battle.id).count();
    if (existing > 0) throw new JoustError("conflict:vote", "This battle already has a vote.");
    await db.battles.put({ ...input.battle, status: "voted" });
    await db.outbox.add(vote);
  });
  return vote;
}

/** Pending votes in creation order; with `dueBy`, only those whose next attempt is due. */
export async function pendingVotes(
  db: JoustDB,
  opts: { dueBy?: number; limit?: number; filter?: (v: OutboxVote) => boolean } = {},
): Promise<OutboxVote[]> {
  const all = await db.outbox.where("state").equals("pending").sortBy("createdAt");
  const due = all.filter(
    (v) => (opts.dueBy === undefined || v.nextAttemptAt <= opts.dueBy) && (!opts.filter || opts.filter(v)),
  );
  return opts.limit === undefined ? due : due.slice(0, opts.limit);
}

/** The earliest next-attempt time among pending votes, or undefined when none is pending. */
export async function nextAttemptAt(db: JoustDB): Promise<number | undefined> {
  const first = await db.outbox.where("state").equals("pending").sortBy("nextAttemptAt");
  return first[0]?.nextAttemptAt;
}

/** Mark a vote synced and reveal the battle's model names, atomically. Only a pending vote changes. */
export async function markSynced(db: JoustDB, key: string, result: NonNullable<OutboxVote["result"]>): Promise<void> {
  await db.transaction("rw", db.battles, db.outbox, async () => {
    const vote = await db.outbox.get(key);
    if (vote?.state !== "pending") return;
    await db.outbox.update(key, { state: "synced", result, lastError: undefined, attempts: vote.attempts + 1 });
    await db.battles.update(vote.battleId, { modelA: result.model_a, modelB: result.model_b });
  });
}

export async function markRejected(db: JoustDB, key: string, error: VoteError): Promise<void> {
  await db.transaction("rw", db.outbox, async () => {
    const vote = await db.outbox.get(key);
    if (vote?.state !== "pending") return;
    await db.outbox.update(key, {
      state: "rejected",
      lastError: { code: error.code, message: error.message },
      attempts: vote.attempts + 1,
    });
  });
}

/** Record a failed attempt; `delayFor(attempts)` gives the wait before the next one. */
export async function markRetry(
  db: JoustDB,
  keys: string[],
  error: VoteError,
  delayFor: (attempts: number) => number,
  now = Date.now(),
): Promise<void> {
  await db.transaction("rw", db.outbox, async () => {
    for (const key of keys) {
      const vote = await db.outbox.get(key);
      if (vote?.state !== "pending") continue;
      const attempts = vote.attempts + 1;
      await db.outbox.update(key, {
        attempts,
        nextAttemptAt: now + delayFor(attempts),
        lastError: { code: error.code, message: error.message },
      });
    }
  });
}

/** Make matching pending votes due now (e.g. network failures when the browser comes back online). */
export async function makeDueNow(db: JoustDB, match: (v: OutboxVote) => boolean, now = Date.now()): Promise<number> {
  return db.transaction("rw", db.outbox, async () => {
    const pending = await db.outbox.where("state").equals("pending").toArray();
    const hits = pending.filter((v) => match(v) && v.nextAttemptAt > now);
    for (const v of hits) await db.outbox.update(v.idempotencyKey, { nextAttemptAt: now });
    return hits.length;
  });
}

export interface OutboxCounts {
  pending: number;
  synced: number;
  rejected: number;
}

export async function outboxCounts(db: JoustDB): Promise<OutboxCounts> {
  const [pending, synced, rejected] = await Promise.all(
    (["pending", "synced", "rejected"] as const).map((s) => db.outbox.where("state").equals(s).count()),
  );
  return { pending, synced, rejected };
}

export function voteForBattle(db: JoustDB, battleId: string): Promise<OutboxVote | undefined> {
  return db.outbox.where("battleId").equals(battleId).first();
}
