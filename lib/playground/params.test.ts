import { describe, expect, it } from "vitest";
import { TINY_MODEL } from "@/lib/models/catalog";
import { DEFAULT_PARAMS, buildPlaygroundRequest, onWasm, withBaseUrl } from "./params";

describe("playground request building", () => {
  it("maps params to a ChatRequest (greedy by default, top_p/seed/stop only when meaningful)", () => {
    expect(buildPlaygroundRequest("hi", DEFAULT_PARAMS)).toEqual({
      messages: [{ role: "user", content: "hi" }],
      temperature: 0,
      max_tokens: 64,
    });
    const r = buildPlaygroundRequest("hi", {
      ...DEFAULT_PARAMS,
      system: "be brief",
      temperature: 0.7,
      topP: 0.9,
      seed: "42",
      stop: ".",
    });
    expect(r).toEqual({
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: "hi" },
      ],
      temperature: 0.7,
      top_p: 0.9,
      max_tokens: 64,
      seed: 42,
      stop: ".",
    });
  });

  it("gives a custom base URL or a forced WASM device its own registry id", () => {
    expect(withBaseUrl(TINY_MODEL, "/models/")).toBe(TINY_MODEL);
    const custom = withBaseUrl(TINY_MODEL, "https://example.com/w/");
    expect(custom).toMatchObject({
      id: "transformers:tiny-chat@https://example.com/w/",
      url: "https://example.com/w/",
      backendModelId: "tiny-chat",
    });
    expect(onWasm(custom)).toMatchObject({ device: "wasm", id: `${custom.id}#wasm` });
  });
});
