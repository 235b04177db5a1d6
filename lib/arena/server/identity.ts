/**
 * Identity-leak check, as FastChat's leaderboard cleaning (`clean_battle_data.py` IDENTITY_WORDS):
 * an anonymous vote whose replies name a model or vendor is kept but not counted.
 */
import type { ChatMessage } from "@/lib/chat-protocol/types";
import { IDENTITY_WORDS } from "../identity-words";

export { IDENTITY_WORDS };

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A case-insensitive matcher for the identity words plus the given model names (and their parts). */
export function identityMatcher(modelNames: string[] = []): RegExp {
  const words = new Set<string>(IDENTITY_WORDS);
  for (const name of modelNames) {
    const bare = name.replace(/^[a-z]+:/i, "").toLowerCase(); // "remote:x" / "transformers:x" → "x"
    if (bare.length >= 3) words.add(bare);
    const last = bare.split("/").pop();
    if (last && last.length >= 3) words.add(last);
  }
  const sorted = [...words].sort((a, b) => b.length - a.length);
  // Whole words, except that a letter may not follow ("gpt-4o", "llama3" match; "metaphor" does not).
  // Words ending in "-" or "." are prefixes ("phi-3", "yi-large").
  const whole = sorted.filter((w) => /[a-z0-9]$/.test(w)).map(escape);
  const prefix = sorted.filter((w) => !/[a-z0-9]$/.test(w)).map(escape);
  const parts = [`(?:${whole.join("|")})(?![a-z])`, ...(prefix.length ? [`(?:${prefix.join("|")})`] : [])];
  return new RegExp(`(?<![a-z0-9])(?:${parts.join("|")})`, "i");
}

/** The first identity word an assistant reply contains, or undefined. */
export function findIdentityLeak(conversations: ChatMessage[][], matcher: RegExp): string | undefined {
  for (const conv of conversations) {
    for (const m of conv) {
      if (m.role !== "assistant" || typeof m.content !== "string") continue;
      const hit = matcher.exec(m.content);
      if (hit) return hit[0];
    }
  }
  return undefined;
}
