import { describe, expect, it } from "vitest";
import { mentionsIdentity } from "./identity";

describe("mentionsIdentity", () => {
  it("finds vendor and model names as words", () => {
    expect(mentionsIdentity("I am ChatGPT, a model by OpenAI.")).toBe(true);
    expect(mentionsIdentity("As Claude, I can't do that.")).toBe(true);
    expect(mentionsIdentity("I'm Fake Alpha.", ["fake:alpha", "Fake Alpha"])).toBe(true);
    expect(mentionsIdentity("Stub-GPT here.", ["remote:stub-gpt"])).toBe(true);
  });
  it("uses the same word list as the server (once server-only: palm, lamda, lmsys)", () => {
    for (const w of ["PaLM", "LaMDA", "LMSYS"]) expect(mentionsIdentity(`I was trained by the ${w} team.`)).toBe(true);
  });
  it("ignores ordinary text and substrings inside other words", () => {
    expect(mentionsIdentity("The alphabet has 26 letters; metadata is data about data.")).toBe(false);
    expect(
      mentionsIdentity("Here is a short poem about rain.", ["transformers:tiny-chat", "Tiny Chat (test model)"]),
    ).toBe(false);
  });
});
