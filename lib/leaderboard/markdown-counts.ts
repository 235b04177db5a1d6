/**
 * FastChat's `add_markdown_info.py` counts, reproduced exactly: fenced code blocks are removed first
 * (FastChat deletes each block's *inside* — the text between ``` fences — everywhere it occurs,
 * leaving the fences), then headers, list items and bold spans are counted by its regexes with
 * Python's semantics (`^` after "\n" only, Python's whitespace set, Unicode digits).
 */

/** Python's `\s` for str patterns (differs from JS: adds \x1c–\x1f and \x85, lacks \ufeff). */
const S = "[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
/** Python's re.MULTILINE `^`: start of text or after "\n". */
const BOL = "(?<![^\\n])";

const HEADER = [1, 2, 3, 4, 5, 6].map((n) => new RegExp(`${BOL}#{${n}}${S}`, "gu"));
const ORDERED = new RegExp(`${BOL}${S}*\\p{Nd}+\\.${S}`, "gu");
const UNORDERED = new RegExp(`${BOL}${S}*[-*+]${S}`, "gu");
const BOLD_STARS = /\*\*[^*\n]+\*\*/gu;
const BOLD_UNDERSCORES = /__[^_\n]+__/gu;
const CODE_BLOCK = /```([^`]*)```/gu;

export interface MarkdownCounts {
  header_count: { h1: number; h2: number; h3: number; h4: number; h5: number; h6: number };
  list_count: { ordered: number; unordered: number };
  bold_count: { "**": number; __: number };
}

function count(re: RegExp, text: string): number {
  let n = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    n++;
    if (m[0] === "") re.lastIndex++;
  }
  return n;
}

/** FastChat `remove_pattern(answer, "```([^`]*)```")`: each captured inside is replaced everywhere, in order. */
export function removeCodeBlocks(text: string): string {
  const blocks = [...text.matchAll(CODE_BLOCK)].map((m) => m[1]);
  for (const block of blocks) if (block) text = text.split(block).join("");
  return text;
}

/** FastChat `count_markdown_elements` on text whose code blocks were already removed. */
export function countMarkdown(text: string): MarkdownCounts {
  const [h1, h2, h3, h4, h5, h6] = HEADER.map((re) => count(re, text));
  return {
    header_count: { h1, h2, h3, h4, h5, h6 },
    list_count: { ordered: count(ORDERED, text), unordered: count(UNORDERED, text) },
    bold_count: { "**": count(BOLD_STARS, text), __: count(BOLD_UNDERSCORES, text) },
  };
}

/** The counts for one side of a conversation: its assistant turns joined by "\n", code removed first. */
export function countAssistantMarkdown(conversation: readonly { role: string; content: string }[]): MarkdownCounts {
  const answers = conversation
    .filter((t) => t.role === "assistant")
    .map((t) => t.content)
    .join("\n");
  return countMarkdown(removeCodeBlocks(answers));
}
