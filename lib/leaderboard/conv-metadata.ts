/**
 * FastChat's `conv_metadata` for a battle: assistant tokens per side (cl100k, as FastChat's
 * tiktoken "gpt-3.5-turbo" encoding, special tokens allowed), markdown counts per side, user tokens
 * (side A's prompts) and turns. Server-only: the tokenizer's tables stay out of client bundles.
 */
import "server-only";
import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";
import type { ConvMetadata } from "@/lib/rating/style-features";
import { countAssistantMarkdown } from "./markdown-counts";

type Turn = { role: string; content: string };

/** Token count of a text as FastChat counts it (`encoding.encode(text, allowed_special="all")`). */
export function tokenCount(text: string): number {
  return text ? countTokens(text, { allowedSpecial: "all" }) : 0;
}

function sumTokens(conv: readonly Turn[], role: string): number {
  let n = 0;
  for (const t of conv) if (t.role === role) n += tokenCount(t.content);
  return n;
}

export function convMetadata(a: readonly Turn[], b: readonly Turn[]): ConvMetadata {
  const ma = countAssistantMarkdown(a),
    mb = countAssistantMarkdown(b);
  return {
    sum_user_tokens: sumTokens(a, "user"),
    sum_assistant_a_tokens: sumTokens(a, "assistant"),
    sum_assistant_b_tokens: sumTokens(b, "assistant"),
    turns: a.filter((t) => t.role === "user").length,
    header_count_a: ma.header_count,
    list_count_a: ma.list_count,
    bold_count_a: ma.bold_count,
    header_count_b: mb.header_count,
    list_count_b: mb.list_count,
    bold_count_b: mb.bold_count,
  };
}
