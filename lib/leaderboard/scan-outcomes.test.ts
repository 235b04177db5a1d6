import { describe, expect, it, vi } from "vitest";
import type { Battle } from "@/lib/rating/types";
import { scanBattles } from "./parse-battles";
import { scanOutcomeBytes } from "./scan-outcomes";

const pick = (b: Battle) => ({
  model_a: b.model_a,
  model_b: b.model_b,
  winner: b.winner,
  anony: b.anony,
  tstamp: b.tstamp,
});

function both(text: string, skipBad = true) {
  const slow: Battle[] = [],
    fast: Battle[] = [];
  let slowErr: unknown, fastErr: unknown;
  let rs, rf;
  try {
    rs = scanBattles(text, (b) => slow.push(b), { skipBad });
  } catch (e) {
    slowErr = e;
  }
  try {
    rf = scanOutcomeBytes(new TextEncoder().encode(text), (b) => fast.push(b), { skipBad });
  } catch (e) {
    fastErr = e;
  }
  return { slow: slow.map(pick), fast: fast.map(pick), rs, rf, slowErr, fastErr };
}

describe("scanOutcomeBytes (fast JSON Lines path)", () => {
  const lines = [
    '{"model_a":"gpt-4","model_b":"claude","winner":"model_a","anony":true,"tstamp":1700000000.25}',
    ' { "model_b" : "b" , "model_a" : "a", "winner": "tie (bothbad)", "tstamp": -1.5e3 }\r',
    '{"model_a":"a\\u00e9","model_b":"b","winner":"tie"}', // escape: full parser
    '{"model_a":"modèle","model_b":"b","winner":"model_b","conv_metadata":{"turns":1},"x":[1,2]}', // nested + UTF-8
    '{"model_a":"a","model_b":"b","winner":"model_a","winner":"model_b"}', // duplicate key: last wins
    '{"model_a":"a","model_b":"b","winner":"nobody"}',
    '{"model_a":"a","model_b":"b","winner":"model_a","anony":"yes"}',
    '{"model_a":"a","model_b":"b","winner":"model_a","tstamp":01}', // invalid JSON number
    '{"model_a":"a","model_b":"b","winner":"model_a"} trailing',
    '{"model_a":"","model_b":"b","winner":"model_a"}',
    "",
    "   ",
    '{"model_a":"a","model_b":"b","winner":"model_a","tstamp":1e400}',
    '{"model_a":"a","model_b":"b","winner":"model_a","note":null,"ok":false,"n":0}',
    "[1]",
    "{}",
  ];

  it("gives exactly scanBattles' battles and bad-line reasons on tricky lines", () => {
    const r = both(lines.join("\n"));
    expect(r.fast).toEqual(r.slow);
    expect(r.rf).toEqual(r.rs);
    expect(r.slow.length).toBe(6);
    expect(r.rs!.bad.length).toBe(lines.filter((l) => l.trim()).length - 6);
  });

  it("parses flat lines without JSON.parse", () => {
    const spy = vi.spyOn(JSON, "parse");
    try {
      const text = lines.slice(0, 2).concat(lines[13]).join("\n");
      const got: Battle[] = [];
      scanOutcomeBytes(new TextEncoder().encode(text), (b) => got.push(b));
      expect(got.map(pick)).toEqual([
        { model_a: "gpt-4", model_b: "claude", winner: "model_a", anony: true, tstamp: 1700000000.25 },
        { model_a: "a", model_b: "b", winner: "tie (bothbad)", anony: undefined, tstamp: -1500 },
        { model_a: "a", model_b: "b", winner: "model_a", anony: undefined, tstamp: undefined },
      ]);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it("throws the same first error without skipBad", () => {
    const r = both(lines.slice(4, 7).join("\n"), false);
    expect(r.fastErr).toBeDefined();
    expect((r.fastErr as Error).message).toBe((r.slowErr as Error).message);
  });

  it("hands JSON arrays to the full parser", () => {
    const r = both(JSON.stringify([{ model_a: "a", model_b: "b", winner: "model_a" }]));
    expect(r.fast).toEqual(r.slow);
    expect(r.rf!.format).toBe("json");
  });
});
