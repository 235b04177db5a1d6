/**
 * What a vote gets when it is stored or imported: FastChat's conv_metadata (kept when the record
 * brings its own) and category tags (the record's own, those its FastChat fields imply, and the
 * rules' on its conversations), plus the detected language when the client sent none.
 */
import "server-only";
import { CATEGORIES, inCategory, type CategoryFields } from "@/lib/rating/categories";
import type { ConvMetadata } from "@/lib/rating/style-features";
import { categorize, promptLanguage } from "./categorize";
import { convMetadata } from "./conv-metadata";

type Turn = { role: string; content: string };

export interface Enrichable extends CategoryFields {
  conversation_a: readonly Turn[];
  conversation_b: readonly Turn[];
  language?: string;
}

export interface Enrichment {
  conv_metadata: ConvMetadata | null;
  categories: string[];
  language: string;
}

const FASTCHAT_TAGS = [...CATEGORIES, "creative_writing", "instruction_following"];

export function enrichVote(v: Enrichable): Enrichment {
  const hasConversation =
    v.conversation_a.some((t) => t.role === "assistant") && v.conversation_b.some((t) => t.role === "assistant");
  const given =
    typeof v.conv_metadata === "object" && v.conv_metadata !== null ? (v.conv_metadata as ConvMetadata) : null;
  const meta = given ?? (hasConversation ? convMetadata(v.conversation_a, v.conversation_b) : null);
  const tags = new Set<string>(Array.isArray(v.categories) ? v.categories.filter((c) => typeof c === "string") : []);
  const fields = { ...v, conv_metadata: meta };
  for (const t of FASTCHAT_TAGS) if (inCategory({ ...fields, categories: undefined }, t)) tags.add(t);
  if (hasConversation && meta) for (const t of categorize(v.conversation_a, v.conversation_b, meta)) tags.add(t);
  let language = typeof v.language === "string" && v.language ? v.language : "unknown";
  if (language === "unknown") {
    const detected = promptLanguage(
      v.conversation_a
        .filter((t) => t.role === "user")
        .map((t) => t.content)
        .join("\n"),
    );
    if (detected) language = detected[0].toUpperCase() + detected.slice(1);
  }
  const lang = language.toLowerCase();
  if (lang !== "unknown") tags.add(lang);
  return { conv_metadata: meta, categories: [...tags].sort(), language };
}
