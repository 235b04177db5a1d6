/** A deterministic stored vote for store tests. */
import type { StoredVote } from "./sql-store";

export function vote(i: number, over: Partial<StoredVote> = {}): StoredVote {
  return {
    question_id: `q${i}`,
    model_a: "m-a",
    model_b: "m-b",
    winner: "model_a",
    judge: "arena_user_x",
    turn: 1,
    anony: true,
    language: "English",
    tstamp: 1_700_000_000 + i,
    conversation_a: [
      { role: "user", content: "hi" },
      { role: "assistant", content: `a${i}` },
    ],
    conversation_b: [
      { role: "user", content: "hi" },
      { role: "assistant", content: `b${i}` },
    ],
    counted: true,
    idempotency_key: `k${i}`,
    conv_metadata: null,
    categories: [],
    ...over,
  };
}
