import { describe, expect, it } from "vitest";
import { withImageParts } from "./chat-images";

describe("withImageParts", () => {
  const url = "data:image/png;base64,AAAA";

  it("leaves a text-only conversation plain, with no rich form", () => {
    const m = [
      { role: "system" as const, content: "be brief" },
      { role: "user" as const, content: "hi" },
    ];
    expect(withImageParts(m)).toEqual({ messages: m });
  });

  it("turns a user turn's images into image_url parts after its text, and strips them from the plain form", () => {
    const r = withImageParts([
      { role: "user", content: "what is this", images: [url, url] },
      { role: "assistant", content: "a cat" },
      { role: "user", content: "", images: [url] },
    ]);
    expect(r.messages).toEqual([
      { role: "user", content: "what is this" },
      { role: "assistant", content: "a cat" },
      { role: "user", content: "" },
    ]);
    expect(r.rich?.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "what is this" },
          { type: "image_url", image_url: { url } },
          { type: "image_url", image_url: { url } },
        ],
      },
      { role: "assistant", content: "a cat" },
      { role: "user", content: [{ type: "image_url", image_url: { url } }] },
    ]);
  });

  it("ignores images on a non-user turn", () => {
    expect(withImageParts([{ role: "assistant", content: "x", images: [url] }]).rich).toBeUndefined();
  });
});
