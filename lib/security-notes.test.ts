import { describe, expect, it } from "vitest";
import { securityNotes } from "./security-notes";

describe("startup security notes", () => {
  it("says the /v1 API is open when JOUST_API_KEYS is unset, and not when it is set", () => {
    expect(securityNotes({}).join("\n")).toMatch(/JOUST_API_KEYS is not set: the OpenAI-compatible API .* is open/);
    expect(securityNotes({ JOUST_API_KEYS: "k1", JOUST_ADMIN_KEY: "a", JOUST_TRUSTED_PROXY_HOPS: "1" })).toEqual([]);
    expect(
      securityNotes({
        JOUST_API_KEYS: "k1",
        JOUST_ADMIN_KEY: "a",
        JOUST_TRUSTED_PROXY_HOPS: "1",
        JOUST_TEST_MODELS: "1",
      })[0],
    ).toMatch(/test models/);
  });
});
