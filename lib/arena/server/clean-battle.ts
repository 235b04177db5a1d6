import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import { JoustError } from "@/lib/errors";
import type { SqlVoteStore, StoredVote } from "@/lib/votes/sql-store";
import type { VoteQuery } from "@/lib/votes/types";
import { enrichVote } from "@/lib/leaderboard/enrich-vote";

/**
 * FastChat's clean-battle format (`fastchat/serve/monitor/clean_battle_data.py` output), one object per
 * vote. We add `counted` (false = identity leak) and `idempotency_key` so a round trip never duplicates.
 */
const message = z.object({ role: z.enum(["system", "user", "assistant"]), content: z.string() });
export const cleanBattleSchema = z.object({
  question_id: z.string().min(1).max(200),
  model_a: z.string().min(1).max(200),
  model_b: z.string().min(1).max(200),
  winner: z.enum(["model_a", "model_b", "tie", "tie (bothbad)"]),
  judge: z.string().max(200).default("unknown"),
  turn: z.number().int().min(1).default(1),
  anony: z.boolean(),
  language: z.string().max(100).default("unknown"),
  tstamp: z.number().finite(),
  conversation_a: z.array(message).default([]),
  conversation_b: z.array(message).default([]),
  counted: z.boolean().default(true),
  client_attested: z.boolean().default(false),
  idempotency_key: z.string().min(1).max(200).optional(),
  /** FastChat's counts (kept as given): each a number or a dict of numbers. */
  conv_metadata: z
    .record(z.string().max(64), z.union([z.number().finite(), z.record(z.string().max(64), z.number().finite())]))
    .nullable()
    .optional(),
  categories: z.array(z.string().min(1).max(64)).max(32).optional(),
  /** FastChat's judge tags and code flag: read into `categories` on import, not stored as such. */
  category_tag: z.record(z.string().max(64), z.record(z.string().max(64), z.unknown())).optional(),
  is_code: z.boolean().optional(),
});

export type ExportFormat = "json" | "jsonl";

/** Deterministic key for an imported record without one: re-importing the same file adds nothing. */
export function importKey(r: z.infer<typeof cleanBattleSchema>): string {
  const basis = JSON.stringify([r.question_id, r.model_a, r.model_b, r.winner, r.judge, r.turn, r.anony, r.tstamp]);
  return `import:${createHash("sha256").update(basis).digest("hex").slice(0, 40)}`;
}

/** One vote in FastChat's clean-battle shape; without conversations for the public export. */
export function toCleanBattle(v: StoredVote, withConversations = true): Record<string, unknown> {
  const r: Record<string, unknown> = {
    question_id: v.question_id,
    model_a: v.model_a,
    model_b: v.model_b,
    winner: v.winner,
    judge: v.judge,
    turn: v.turn,
    anony: v.anony,
    language: v.language,
    tstamp: v.tstamp,
    conversation_a: v.conversation_a,
    conversation_b: v.conversation_b,
    counted: v.counted,
    client_attested: v.client_attested ?? false,
    idempotency_key: v.idempotency_key,
    conv_metadata: v.conv_metadata ?? null,
    categories: v.categories ?? [],
  };
  if (!withConversations) {
    delete r.conversation_a;
    delete r.conversation_b;
  }
  return r;
}

/** Streams the votes as a JSON array or JSON lines, a page at a time. */
export function exportStream(
  store: SqlVoteStore,
  q: VoteQuery,
  format: ExportFormat,
  pageSize = 1000,
  withConversations = true,
): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let offset = 0;
  let started = false;
  let done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (done) return;
      const rows = await store.pageVotes(q, pageSize, offset);
      offset += rows.length;
      const lines = rows.map((v) => JSON.stringify(toCleanBattle(v, withConversations)));
      let text: string;
      if (format === "jsonl") text = lines.map((l) => `${l}\n`).join("");
      else text = (started ? "" : "[") + (started && lines.length ? "," : "") + lines.join(",");
      started = true;
      if (rows.length < pageSize) {
        done = true;
        if (format === "json") text += "]\n";
      }
      if (text) controller.enqueue(enc.encode(text));
      if (done) controller.close();
    },
  });
}

export interface ImportLineError {
  line: number;
  message: string;
}

/**
 * Parses a JSON array or JSONL body. Errors carry line numbers (JSONL: the file line; JSON array:
 * the record's position, 1-based). Returns rows ready to insert, or throws `bad_request:import`.
 */
export function parseCleanBattles(text: string, maxErrors = 20): StoredVote[] {
  const records: Array<{ line: number; value: unknown }> = [];
  const errors: ImportLineError[] = [];
  const trimmed = text.trimStart();
  if (trimmed.startsWith("[")) {
    let arr: unknown;
    try {
      arr = JSON.parse(trimmed);
    } catch (e) {
      throw new JoustError("bad_request:import", `Invalid JSON: ${(e as Error).message}`);
    }
    if (!Array.isArray(arr)) throw new JoustError("bad_request:import", "Expected a JSON array of battles.");
    arr.forEach((value, i) => records.push({ line: i + 1, value }));
  } else {
    text.split(/\r?\n/).forEach((raw, i) => {
      if (!raw.trim()) return;
      try {
        records.push({ line: i + 1, value: JSON.parse(raw) });
      } catch {
        errors.push({ line: i + 1, message: "invalid JSON" });
      }
    });
  }
  const rows: StoredVote[] = [];
  for (const { line, value } of records) {
    const r = cleanBattleSchema.safeParse(value);
    if (!r.success) {
      const issue = r.error.issues[0];
      errors.push({ line, message: `${issue.path.join(".") || "record"}: ${issue.message}` });
      continue;
    }
    const { idempotency_key, category_tag: _t, is_code: _c, ...v } = r.data;
    rows.push({ ...v, ...enrichVote(r.data), idempotency_key: idempotency_key ?? importKey(r.data) });
  }
  if (errors.length) {
    errors.sort((a, b) => a.line - b.line);
    const shown = errors.slice(0, maxErrors);
    const list = shown.map((e) => `line ${e.line}: ${e.message}`).join("; ");
    throw new JoustError("bad_request:import", `${errors.length} invalid record(s), nothing imported: ${list}`, {
      errors: shown,
    });
  }
  if (!rows.length) throw new JoustError("bad_request:import", "No battles in the file.");
  return rows;
}

/** All-or-nothing import (one transaction); returns how many were new. */
export async function importCleanBattles(
  store: SqlVoteStore,
  text: string,
): Promise<{ received: number; imported: number; duplicates: number }> {
  const rows = parseCleanBattles(text);
  const stored = await store.insertVotes(rows);
  return { received: rows.length, imported: stored.size, duplicates: rows.length - stored.size };
}
