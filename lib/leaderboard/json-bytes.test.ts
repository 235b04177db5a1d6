import { describe, expect, it } from "vitest";
import { Interner, lastNumber, readNumber } from "./json-bytes";

const enc = new TextEncoder();

describe("json-bytes", () => {
  it("reads numbers exactly as Number() does, fast path or not", () => {
    let x = 5;
    const rand = () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join("");
    const cases = ["0", "-0", "1700000000", "1700000000.125", "9007199254740993", "0.1", "1e400", "-2.5E-3"];
    for (let k = 0; k < 20_000; k++) {
      const int = digits(1 + Math.floor(rand() * 18)).replace(/^0+(?=\d)/, "");
      const frac = rand() < 0.6 ? `.${digits(1 + Math.floor(rand() * 20))}` : "";
      const exp = rand() < 0.1 ? `e${rand() < 0.5 ? "-" : "+"}${Math.floor(rand() * 30)}` : "";
      cases.push(`${rand() < 0.2 ? "-" : ""}${int}${frac}${exp}`);
    }
    for (const s of cases) {
      const bytes = enc.encode(s);
      expect(readNumber(bytes, 0, bytes.length), s).toBe(bytes.length);
      expect(Object.is(lastNumber.value, Number(s)), s).toBe(true);
    }
  });

  it("rejects what JSON's number grammar rejects", () => {
    for (const s of ["01", "1.", ".5", "-", "+1", "1e", "1e+", "--1"]) {
      const bytes = enc.encode(s);
      expect(readNumber(bytes, 0, bytes.length) === bytes.length, s).toBe(false);
    }
  });

  it("interns equal bytes to one string and tells different ones apart, colliding hashes included", () => {
    const names = new Interner();
    const bytes = enc.encode("gpt-4 claude gpt-4 modèle");
    const a = names.get(bytes, 0, 5, 42);
    const b = names.get(bytes, 6, 12, 42); // same (forced) hash, different bytes
    expect([a, b, names.get(bytes, 13, 18, 42)]).toEqual(["gpt-4", "claude", "gpt-4"]);
    expect(names.lastIndex).toBe(0);
    expect(names.get(bytes, 19, bytes.length, 7)).toBe("modèle");
    expect(names.lastIndex).toBe(2);
  });
});
