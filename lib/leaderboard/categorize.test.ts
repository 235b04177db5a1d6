import { describe, expect, it } from "vitest";
import { categorize, promptLanguage } from "./categorize";
import { tokenCount } from "./conv-metadata";
import { enrichVote } from "./enrich-vote";

const conv = (prompt: string, answer = "ok", more: string[] = []) => [
  { role: "user", content: prompt },
  { role: "assistant", content: answer },
  ...more.flatMap((p) => [
    { role: "user", content: p },
    { role: "assistant", content: "ok" },
  ]),
];
const tags = (prompt: string, answer = "Sure, here you go.", more: string[] = []) => {
  const a = conv(prompt, answer, more);
  return categorize(a, a, {
    sum_user_tokens: a.filter((t) => t.role === "user").reduce((n, t) => n + tokenCount(t.content), 0),
    turns: 1 + more.length,
  });
};

describe("category rules", () => {
  it("coding: code words, code syntax, or a code block in an answer", () => {
    expect(tags("Write a Python function that reverses a list")).toContain("coding");
    expect(tags("why does `def f(x):` fail here")).toContain("coding");
    expect(tags("Tell me a joke", "```js\nconsole.log(1)\n```")).toContain("coding");
    expect(tags("Tell me a joke about cats")).not.toContain("coding");
  });

  it("math: math words or notation", () => {
    expect(tags("Solve the equation 3x + 5 = 20")).toContain("math");
    expect(tags("What is \\frac{1}{2} + \\frac{1}{3}?")).toContain("math");
    expect(tags("What is 12 * 7 = ?")).toContain("math");
    expect(tags("Write a poem about autumn leaves")).not.toContain("math");
  });

  it("long_query from 500 prompt tokens; multi_turn from two turns", () => {
    const long = "Please summarise the following text carefully. ".repeat(80);
    expect(tokenCount(long)).toBeGreaterThanOrEqual(500);
    expect(tags(long)).toContain("long_query");
    expect(tags("short question")).not.toContain("long_query");
    expect(tags("hi there friend", "hello", ["and again"])).toContain("multi_turn");
    expect(tags("hi there friend")).not.toContain("multi_turn");
  });

  it("the prompt's language as a lower-case English name", () => {
    expect(promptLanguage("Quelle est la capitale de la France et pourquoi est-elle si célèbre ?")).toBe("french");
    expect(promptLanguage("What is the capital of France and why is it so famous?")).toBe("english");
    expect(promptLanguage("日本の首都はどこですか？")).toBe("japanese");
    expect(tags("Wie spät ist es jetzt in Berlin, und wie wird das Wetter morgen?")).toContain("german");
  });
});

describe("enrichVote", () => {
  it("computes conv_metadata and tags, and fills an unknown language", () => {
    const a = conv("Write a Python function to add two numbers", "# Answer\n- step\n**done**");
    const b = conv("Write a Python function to add two numbers", "Here.");
    const e = enrichVote({ conversation_a: a, conversation_b: b, language: "unknown" });
    expect(e.conv_metadata).toMatchObject({
      header_count_a: { h1: 1 },
      list_count_a: { unordered: 1 },
      bold_count_a: { "**": 1 },
      turns: 1,
    });
    expect(e.categories).toEqual(expect.arrayContaining(["coding", "english"]));
    expect(e.language).toBe("English");
  });

  it("keeps an imported record's conv_metadata and reads FastChat's category fields", () => {
    const criteria = Object.fromEntries(
      [
        "specificity",
        "domain_knowledge",
        "complexity",
        "problem_solving",
        "creativity",
        "technical_accuracy",
        "real_world",
      ].map((k) => [k, true]),
    );
    const meta = {
      sum_assistant_a_tokens: 9,
      sum_assistant_b_tokens: 3,
      header_count_a: 0,
      header_count_b: 0,
      list_count_a: 0,
      list_count_b: 0,
      bold_count_a: 0,
      bold_count_b: 0,
      sum_user_tokens: 700,
      turns: 2,
    };
    const e = enrichVote({
      conversation_a: [],
      conversation_b: [],
      language: "Chinese",
      conv_metadata: meta,
      is_code: true,
      category_tag: { "criteria_v0.1": criteria, "math_v0.1": { math: false } },
    });
    expect(e.conv_metadata).toBe(meta);
    expect(e.categories).toEqual(["chinese", "coding", "hard_prompt", "long_query", "multi_turn"]);
    expect(e.language).toBe("Chinese");
  });

  it("leaves conv_metadata null when there is neither metadata nor a conversation", () => {
    expect(enrichVote({ conversation_a: [], conversation_b: [], language: "unknown" })).toEqual({
      conv_metadata: null,
      categories: [],
      language: "unknown",
    });
  });
});
