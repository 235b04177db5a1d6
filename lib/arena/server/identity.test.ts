import { describe, expect, it } from "vitest";
import { findIdentityLeak, identityMatcher } from "./identity";

const a = (content: string) => [[{ role: "assistant" as const, content }]];

describe("identity leak check", () => {
  const m = identityMatcher(["remote:acme-large", "transformers:tiny-chat"]);
  it("finds vendor and model words in replies", () => {
    expect(findIdentityLeak(a("I am ChatGPT, made by OpenAI."), m)?.toLowerCase()).toBe("chatgpt");
    expect(findIdentityLeak(a("As Claude, I can help."), m)).toBe("Claude");
    expect(findIdentityLeak(a("I'm based on GPT-4o."), m)).toBe("GPT");
    expect(findIdentityLeak(a("This is Llama3 speaking"), m)).toBe("Llama");
    expect(findIdentityLeak(a("I am acme-large."), m)).toBe("acme-large");
    expect(findIdentityLeak(a("tiny-chat here"), m)).toBe("tiny-chat");
    expect(findIdentityLeak(a("I was made by DeepMind."), m)).toBe("DeepMind"); // once browser-only
    expect(findIdentityLeak(a("I am Phi, a small model."), m)).toBe("Phi");
  });
  it("ignores innocent words and user messages", () => {
    expect(findIdentityLeak(a("A metaphor about metadata and gptq-free text? No: egpt."), m)).toBeUndefined();
    expect(
      findIdentityLeak(
        [
          [
            { role: "user", content: "are you claude?" },
            { role: "assistant", content: "I am an assistant." },
          ],
        ],
        m,
      ),
    ).toBeUndefined();
  });
});
