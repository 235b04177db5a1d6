import { describe, expect, it } from "vitest";
import { signToken, verifyToken } from "./token";

const S = "secret-0123456789abcdef";

describe("battle tokens", () => {
  const exp = Date.now() + 60_000;
  const token = signToken(S, "b-1", exp);

  it("verifies a genuine token", () => {
    expect(verifyToken(S, token, "b-1")).toEqual({ ok: true, battleId: "b-1", expiresAt: exp });
  });

  it("rejects forged signatures, other secrets and extended expiry", () => {
    const [id, e, sig] = token.split(".");
    const flipped = sig.slice(0, -2) + (sig.at(-2) === "A" ? "B" : "A") + sig.at(-1);
    expect(verifyToken(S, `${id}.${e}.${flipped}`, "b-1")).toEqual({ ok: false, reason: "forged" });
    expect(verifyToken("another-secret-xxxxxxxx", token, "b-1")).toEqual({ ok: false, reason: "forged" });
    expect(verifyToken(S, `${id}.${exp + 3_600_000}.${sig}`, "b-1")).toEqual({ ok: false, reason: "forged" });
  });

  it("rejects a non-canonical spelling of a genuine signature (base64url's unused last bits)", () => {
    const ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const [id, e, sig] = token.split(".");
    const last = ALPHA.indexOf(sig.at(-1)!);
    const twin = sig.slice(0, -1) + ALPHA[last ^ 1];
    // Same bytes once decoded, different text: it must not verify.
    expect(Buffer.from(twin, "base64url").equals(Buffer.from(sig, "base64url"))).toBe(true);
    expect(verifyToken(S, `${id}.${e}.${twin}`, "b-1")).toEqual({ ok: false, reason: "forged" });
  });

  it("rejects a genuine token presented for another battle", () => {
    expect(verifyToken(S, token, "b-2")).toEqual({ ok: false, reason: "wrong_battle" });
  });

  it("rejects expired and malformed tokens", () => {
    const old = signToken(S, "b-1", Date.now() - 1);
    expect(verifyToken(S, old, "b-1")).toEqual({ ok: false, reason: "expired" });
    for (const bad of ["", "x", "a.b.c", `b-1.${exp}.short`, `b-1.notanumber.${token.split(".")[2]}`]) {
      expect(verifyToken(S, bad, "b-1")).toEqual({ ok: false, reason: "malformed" });
    }
  });
});
