/**
 * Which battles belong to a leaderboard category. Joust's own records carry `categories` (tags set
 * when the vote is stored); FastChat's carry `category_tag` (judge verdicts), `is_code`, `language`,
 * `turn` and `conv_metadata`, read here the way lmarena's category boards use them.
 */
export const CATEGORIES = ["coding", "math", "hard_prompt", "long_query", "multi_turn"] as const;
/** Prompt tokens from which a query counts as long (lmarena's "Longer Query"). */
export const LONG_QUERY_TOKENS = 500;
/** Arena-Hard: a prompt is hard when it meets at least this many of the seven criteria. */
export const HARD_PROMPT_MIN_CRITERIA = 6;

/** The category fields a battle record may carry (all optional). */
export interface CategoryFields {
  categories?: readonly string[];
  category_tag?: unknown;
  is_code?: unknown;
  language?: unknown;
  turn?: unknown;
  conv_metadata?: unknown;
}

function tagGroup(tag: unknown, name: string): Record<string, unknown> | undefined {
  if (typeof tag !== "object" || tag === null) return undefined;
  const g = (tag as Record<string, unknown>)[name];
  return typeof g === "object" && g !== null ? (g as Record<string, unknown>) : undefined;
}

/** The language category name for a language label ("English", "en" → "english"); undefined for unknown. */
export function languageCategory(label: unknown): string | undefined {
  if (typeof label !== "string" || !label || /^unknown$/i.test(label)) return undefined;
  return label.trim().toLowerCase();
}

/** True when battle `b` belongs to category `name` ("" or "overall" = every battle). */
export function inCategory(b: CategoryFields, name: string): boolean {
  if (!name || name === "overall" || name === "full") return true;
  if (Array.isArray(b.categories) && b.categories.includes(name)) return true;
  const meta =
    typeof b.conv_metadata === "object" && b.conv_metadata !== null ? (b.conv_metadata as Record<string, unknown>) : {};
  switch (name) {
    case "hard_prompt": {
      const c = tagGroup(b.category_tag, "criteria_v0.1");
      return !!c && Object.values(c).filter((v) => v === true).length >= HARD_PROMPT_MIN_CRITERIA;
    }
    case "math":
      return tagGroup(b.category_tag, "math_v0.1")?.math === true;
    case "coding":
      return b.is_code === true;
    case "long_query":
      return typeof meta.sum_user_tokens === "number" && meta.sum_user_tokens >= LONG_QUERY_TOKENS;
    case "multi_turn":
      return (typeof b.turn === "number" && b.turn > 1) || (typeof meta.turns === "number" && meta.turns > 1);
    case "creative_writing":
      return tagGroup(b.category_tag, "creative_writing_v0.1")?.creative_writing === true;
    case "instruction_following":
      return tagGroup(b.category_tag, "if_v0.1")?.if === true;
    default:
      return languageCategory(b.language) === name;
  }
}
