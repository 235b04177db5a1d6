import "server-only";
import { createHash } from "node:crypto";
import type { VoteResult, VoteSubmission } from "@/lib/arena/api-types";
import type { ChatMessage } from "@/lib/chat-protocol/types";
import { JoustError } from "@/lib/errors";
import type { BattleRecord, StoredVote } from "@/lib/votes/sql-store";
import { ArenaRejection, checkToken, expired, unknownBattle } from "./access";
import { enrichVote } from "@/lib/leaderboard/enrich-vote";
import type { ArenaDeps } from "./deps";
import { findIdentityLeak, identityMatcher } from "./identity";
import { MAX_VOTES_PER_BATCH } from "./limits";

export { MAX_VOTES_PER_BATCH };

/** Result plus the HTTP status the single-vote route answers with. */
export type VoteOutcome = VoteResult & { httpStatus: number };

function reject(key: string, err: ArenaRejection): VoteOutcome {
  return {
    idempotencyKey: key,
    status: "rejected",
    error: { code: err.code, message: err.message },
    httpStatus: err.status,
  };
}

/** FastChat's judge field: a stable pseudonym of the client, never its address. */
export function judgeFor(secret: string, clientKey: string | null): string {
  if (!clientKey) return "arena_user_anonymous";
  return `arena_user_${createHash("sha256").update(`${secret}\u0000${clientKey}`).digest("hex").slice(0, 16)}`;
}

/**
 * Validates and stores a batch of votes (one transaction for all accepted ones). Per vote:
 * unknown battle → 404, bad token → 401/403, same idempotency key again → duplicate (nothing stored twice),
 * expired → 410, a different vote on a voted battle → 409 conflict:vote. Identity leaks → counted:false.
 */
export async function submitVotes(deps: ArenaDeps, subs: VoteSubmission[]): Promise<VoteOutcome[]> {
  if (subs.length > MAX_VOTES_PER_BATCH)
    throw new JoustError("bad_request:vote", `At most ${MAX_VOTES_PER_BATCH} votes per batch.`);
  const store = await deps.store();
  const secret = deps.secret();
  const now = deps.now();
  const out: Array<VoteOutcome | undefined> = new Array(subs.length);
  const battleIds = [...new Set(subs.map((s) => s.battleId))];
  const [battles, existing, models, replies] = await Promise.all([
    store.getBattles(battleIds),
    store.findVotesByKeys([...new Set(subs.map((s) => s.idempotencyKey))]),
    // The identity check still has its word list and the battle's names if the provider layer fails.
    deps.listModels().catch(() => []),
    store.getReplies(battleIds),
  ]);

  const firstByKey = new Map<string, number>();
  const claimed = new Set<string>(); // battles taken by an earlier vote in this batch
  const pending: Array<{ i: number; vote: StoredVote; battle: BattleRecord }> = [];
  // Each vote is checked against the configured names plus its own battle's models — not the other
  // battles of the batch (a batch mixing a "fake:alpha" battle with a remote one must not flag "alpha" there).
  const configured = models.map((m) => m.name);
  const matchers = new Map<string, RegExp>();
  const matcherFor = (b: BattleRecord) => {
    const key = `${b.model_a}\u0000${b.model_b}`;
    let m = matchers.get(key);
    if (!m) matchers.set(key, (m = identityMatcher([...configured, b.model_a, b.model_b])));
    return m;
  };

  subs.forEach((s, i) => {
    const battle = battles.get(s.battleId);
    if (!battle) return void (out[i] = reject(s.idempotencyKey, unknownBattle(s.battleId)));
    const tok = checkToken(secret, battle, s.token, now);
    if (tok instanceof ArenaRejection) return void (out[i] = reject(s.idempotencyKey, tok));
    const prior = existing.get(s.idempotencyKey);
    if (prior) {
      out[i] =
        prior.question_id === s.battleId
          ? {
              idempotencyKey: s.idempotencyKey,
              status: "duplicate",
              model_a: prior.model_a,
              model_b: prior.model_b,
              counted: prior.counted,
              httpStatus: 200,
            }
          : reject(
              s.idempotencyKey,
              new ArenaRejection("conflict:vote", "This idempotency key was already used for another battle.", 409),
            );
      return;
    }
    if (firstByKey.has(s.idempotencyKey)) return; // resolved from the first copy below
    firstByKey.set(s.idempotencyKey, i);
    if (tok === "expired") return void (out[i] = reject(s.idempotencyKey, expired(s.battleId)));
    if (battle.votedAt !== null || claimed.has(battle.id))
      return void (out[i] = reject(s.idempotencyKey, alreadyVoted()));
    claimed.add(battle.id);
    // A remote side's answers are the server's own copy of what it streamed, never the client's text.
    const served = replies.get(battle.id) ?? { a: [], b: [] };
    const side = (k: "a" | "b", conv: ChatMessage[]) =>
      battle.params.sides[k] === "remote" ? withServedAnswers(conv, served[k]) : conv;
    const conversation_a = side("a", s.conversation_a);
    const conversation_b = side("b", s.conversation_b);
    let counted = true;
    if (battle.mode === "anonymous") counted = !findIdentityLeak([conversation_a, conversation_b], matcherFor(battle));
    pending.push({
      i,
      battle,
      vote: {
        question_id: battle.id,
        model_a: battle.model_a,
        model_b: battle.model_b,
        winner: s.winner,
        judge: judgeFor(secret, battle.clientKey),
        turn: s.turn,
        anony: battle.mode === "anonymous",
        // The vote's time is when the server received it; the client's claim is kept beside it.
        tstamp: now / 1000,
        client_tstamp: s.tstamp,
        conversation_a,
        conversation_b,
        counted,
        idempotency_key: s.idempotencyKey,
        client_attested: isClientAttested(battle),
        // conv_metadata for style control, category tags, the detected language (from the stored conversations)
        ...enrichVote({ conversation_a, conversation_b, language: s.language || "unknown" }),
      },
    });
  });

  const stored = await store.recordBattleVotes(pending.map((p) => p.vote));
  judgePrompts(
    deps,
    pending.map((p) => p.vote).filter((v) => stored.has(v.idempotency_key)),
  );
  const lost = pending.filter((p) => !stored.has(p.vote.idempotency_key));
  const raced = await store.findVotesByKeys(lost.map((p) => p.vote.idempotency_key));
  for (const { i, vote } of pending) {
    const key = vote.idempotency_key;
    if (stored.has(key)) {
      out[i] = {
        idempotencyKey: key,
        status: "stored",
        model_a: vote.model_a,
        model_b: vote.model_b,
        counted: vote.counted,
        httpStatus: 201,
      };
      continue;
    }
    const r = raced.get(key); // a concurrent retry of the same vote won the race
    out[i] =
      r && r.question_id === vote.question_id
        ? {
            idempotencyKey: key,
            status: "duplicate",
            model_a: r.model_a,
            model_b: r.model_b,
            counted: r.counted,
            httpStatus: 200,
          }
        : reject(key, alreadyVoted());
  }
  // Later copies of a key within the batch mirror the first copy.
  subs.forEach((s, i) => {
    if (out[i]) return;
    const first = out[firstByKey.get(s.idempotencyKey)!]!;
    out[i] = first.status === "stored" ? { ...first, status: "duplicate", httpStatus: 200 } : first;
  });
  return out as VoteOutcome[];
}

/** A battle with a browser-run side: the server never saw that side's text. */
export function isClientAttested(b: BattleRecord): boolean {
  return b.params.clientAttested ?? (b.params.sides.a === "local" || b.params.sides.b === "local");
}

/**
 * The client's conversation with each assistant message replaced by the server's copy of the answer it
 * streamed; it ends before the first answer the server never streamed (the client cannot add one).
 */
export function withServedAnswers(conv: ChatMessage[], served: string[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  let k = 0;
  for (const m of conv) {
    if (m.role !== "assistant") {
      out.push(m);
      continue;
    }
    const text = served[k++];
    if (text === undefined) break;
    out.push({ role: "assistant", content: text });
  }
  return out;
}

/** Queues the stored votes' prompts for the background hard-prompt judge (never throws, never waits). */
function judgePrompts(deps: ArenaDeps, votes: StoredVote[]): void {
  try {
    const tagger = deps.hardPromptTagger?.();
    if (!tagger) return;
    for (const v of votes)
      tagger.enqueue(
        v.question_id,
        v.conversation_a
          .filter((t) => t.role === "user")
          .map((t) => t.content)
          .join("\n"),
      );
  } catch (e) {
    console.warn(`[joust] hard-prompt judge unavailable: ${(e as Error).message}`);
  }
}

function alreadyVoted(): ArenaRejection {
  return new ArenaRejection("conflict:vote", "This battle already has a vote.", 409);
}

/** The public result (without the HTTP status). */
export function toVoteResult({ httpStatus: _s, ...r }: VoteOutcome): VoteResult {
  return r as VoteResult;
}
