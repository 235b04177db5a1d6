import { describe, expect, it } from "vitest";
import { convMetadata, tokenCount } from "./conv-metadata";
import { countAssistantMarkdown, countMarkdown, removeCodeBlocks } from "./markdown-counts";

/** Inputs and the counts FastChat's own add_markdown_info.py functions return for them (run with CPython 3). */
const FASTCHAT_CASES: [string, unknown][] = [
  [
    "# Title\n## Sub\n### Three\n#### 4\n##### 5\n###### 6\n####### seven\n#nospace",
    {
      header_count: { h1: 1, h2: 1, h3: 1, h4: 1, h5: 1, h6: 1 },
      list_count: { ordered: 0, unordered: 0 },
      bold_count: { "**": 0, __: 0 },
    },
  ],
  [
    "Intro\n```python\n# not a header\n- not a list\n**not bold**\n```\n# real header\n- item",
    {
      header_count: { h1: 1, h2: 0, h3: 0, h4: 0, h5: 0, h6: 0 },
      list_count: { ordered: 0, unordered: 1 },
      bold_count: { "**": 0, __: 0 },
    },
  ],
  [
    "```\n# a\n```\ntext # a\n# a\n",
    {
      header_count: { h1: 0, h2: 0, h3: 0, h4: 0, h5: 0, h6: 0 },
      list_count: { ordered: 0, unordered: 0 },
      bold_count: { "**": 0, __: 0 },
    },
  ],
  [
    "**bold** and __also__ and **unclosed\n** and __x__ __y__ ***tri***",
    {
      header_count: { h1: 0, h2: 0, h3: 0, h4: 0, h5: 0, h6: 0 },
      list_count: { ordered: 0, unordered: 0 },
      bold_count: { "**": 2, __: 3 },
    },
  ],
  [
    "1. one\n2. two\n   1. nested\n   2. nested two\n- a\n  - b\n    * c\n+ d\n-no",
    {
      header_count: { h1: 0, h2: 0, h3: 0, h4: 0, h5: 0, h6: 0 },
      list_count: { ordered: 4, unordered: 4 },
      bold_count: { "**": 0, __: 0 },
    },
  ],
  [
    "line\n\n\n1. spaced\n\u0661. arabic digit\n10.ten\n",
    {
      header_count: { h1: 0, h2: 0, h3: 0, h4: 0, h5: 0, h6: 0 },
      list_count: { ordered: 2, unordered: 0 },
      bold_count: { "**": 0, __: 0 },
    },
  ],
  [
    "# h\r\n- x\r\n\u2028- y",
    {
      header_count: { h1: 1, h2: 0, h3: 0, h4: 0, h5: 0, h6: 0 },
      list_count: { ordered: 0, unordered: 2 },
      bold_count: { "**": 0, __: 0 },
    },
  ],
  [
    "text ``` inline ``` more ```code``` and ```code``` again: code",
    {
      header_count: { h1: 0, h2: 0, h3: 0, h4: 0, h5: 0, h6: 0 },
      list_count: { ordered: 0, unordered: 0 },
      bold_count: { "**": 0, __: 0 },
    },
  ],
  [
    "\u000b- vt\n\u001c- fs\n\ufeff- bom",
    {
      header_count: { h1: 0, h2: 0, h3: 0, h4: 0, h5: 0, h6: 0 },
      list_count: { ordered: 0, unordered: 2 },
      bold_count: { "**": 0, __: 0 },
    },
  ],
];

describe("FastChat markdown counts", () => {
  it.each(FASTCHAT_CASES.map(([text, want], i) => [i, text, want] as const))(
    "case %i matches FastChat",
    (_i, text, want) => {
      expect(countMarkdown(removeCodeBlocks(text))).toEqual(want);
    },
  );

  it("removes code blocks before counting: # and - inside code are not markdown", () => {
    const md = "Intro\n```python\n# comment\n- x\n**b**\n```\n## Real\n- item\n";
    expect(countMarkdown(removeCodeBlocks(md))).toMatchObject({
      header_count: { h1: 0, h2: 1 },
      list_count: { unordered: 1 },
      bold_count: { "**": 0 },
    });
    // without the removal the code's lines would count
    expect(countMarkdown(md)).toMatchObject({
      header_count: { h1: 1 },
      list_count: { unordered: 2 },
      bold_count: { "**": 1 },
    });
  });

  it("counts ** and __ bold separately, nested list items, and only assistant turns", () => {
    const conv = [
      { role: "user", content: "# not counted\n- nor this" },
      { role: "assistant", content: "**a** __b__ __c__\n1. x\n   - y\n     - z" },
    ];
    expect(countAssistantMarkdown(conv)).toEqual({
      header_count: { h1: 0, h2: 0, h3: 0, h4: 0, h5: 0, h6: 0 },
      list_count: { ordered: 1, unordered: 2 },
      bold_count: { "**": 1, __: 2 },
    });
  });
});

describe("conv_metadata", () => {
  it("counts tokens with the cl100k tokenizer, not by spaces", () => {
    expect(tokenCount("hello world")).toBe(2);
    expect(tokenCount("antidisestablishmentarianism")).toBeGreaterThan(1);
    expect(tokenCount("<|endoftext|>")).toBe(1); // special tokens allowed, as FastChat's allowed_special="all"
    expect(tokenCount("")).toBe(0);
  });

  it("builds FastChat's fields for both sides", () => {
    const a = [
      { role: "user", content: "Write a list" },
      { role: "assistant", content: "# Plan\n- one\n- two\n**done**" },
      { role: "user", content: "again" },
      { role: "assistant", content: "ok" },
    ];
    const b = [a[0], { role: "assistant", content: "Sure." }, a[2], { role: "assistant", content: "1. x" }];
    const meta = convMetadata(a, b);
    expect(meta).toMatchObject({
      turns: 2,
      sum_user_tokens: tokenCount("Write a list") + tokenCount("again"),
      sum_assistant_a_tokens: tokenCount("# Plan\n- one\n- two\n**done**") + tokenCount("ok"),
      sum_assistant_b_tokens: tokenCount("Sure.") + tokenCount("1. x"),
      header_count_a: { h1: 1 },
      list_count_a: { unordered: 2 },
      bold_count_a: { "**": 1 },
      header_count_b: { h1: 0 },
      list_count_b: { ordered: 1, unordered: 0 },
    });
  });
});
