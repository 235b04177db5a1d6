/**
 * Category tags for a battle, from its prompt and answers (rules; the judge-based `hard_prompt`
 * tag is added later by hard-prompt.ts): coding, math, long_query (≥ 500 prompt tokens),
 * multi_turn, and the prompt's language (tinyld), as an English name in lower case ("english").
 */
import "server-only";
import { detect } from "tinyld";
import { LONG_QUERY_TOKENS } from "@/lib/rating/categories";
import type { ConvMetadata } from "@/lib/rating/style-features";

type Turn = { role: string; content: string };

const CODE_FENCE = /```/;
const CODE_WORDS =
  /\b(?:python|javascript|typescript|java|c\+\+|c#|golang|rust|kotlin|swift|php|ruby|sql|bash|shell script|regex|html|css|json|yaml|api|function|class|method|compile[rd]?|debug|stack ?trace|exception|algorithm|code|script|program(?:ming)?|repository|git)\b/i;
const CODE_SYNTAX =
  /(?:\bdef \w+\(|\bfunction\s*\w*\(|=>|#include\s*<|\bimport \w+|console\.log|System\.out|\bSELECT\b.+\bFROM\b|<\/?[a-z]+>|\w+\(\)\s*[;{])/;
const MATH_WORDS =
  /\b(?:solve|equation|integral|derivative|differentiate|integrate|probability|theorem|prove|proof|calculate|compute|algebra|geometry|calculus|matrix|eigen\w*|polynomial|factori[sz]e|logarithm|sum of|how many ways|arithmetic|percentage)\b/i;
const MATH_SYNTAX =
  /(?:\\frac|\\int|\\sum|\\sqrt|\$[^$\n]+\$|\b\d+\s*[-+*/^×÷]\s*\d+\s*=|[a-z]\^\d|\b[xy]\s*[=<>]\s*-?\d)/i;

const languageNames = new Intl.DisplayNames(["en"], { type: "language" });

/** The prompt's language as a category name ("english"), or undefined when undetectable. */
export function promptLanguage(prompt: string): string | undefined {
  const code = prompt.trim().length >= 3 ? detect(prompt) : "";
  if (!code) return undefined;
  try {
    return languageNames.of(code)?.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Rule-based tags for a battle given both sides' conversations and its conv_metadata. */
export function categorize(
  a: readonly Turn[],
  b: readonly Turn[],
  meta: Pick<ConvMetadata, "sum_user_tokens" | "turns">,
): string[] {
  const prompt = a
    .filter((t) => t.role === "user")
    .map((t) => t.content)
    .join("\n");
  const answers = [...a, ...b]
    .filter((t) => t.role === "assistant")
    .map((t) => t.content)
    .join("\n");
  const tags: string[] = [];
  if (CODE_FENCE.test(prompt) || CODE_SYNTAX.test(prompt) || CODE_WORDS.test(prompt) || CODE_FENCE.test(answers))
    tags.push("coding");
  if (MATH_WORDS.test(prompt) || MATH_SYNTAX.test(prompt)) tags.push("math");
  if ((meta.sum_user_tokens ?? 0) >= LONG_QUERY_TOKENS) tags.push("long_query");
  if ((meta.turns ?? 0) > 1) tags.push("multi_turn");
  const lang = promptLanguage(prompt);
  if (lang) tags.push(lang);
  return tags;
}
