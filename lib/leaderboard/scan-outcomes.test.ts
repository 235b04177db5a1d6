import { describe, expect, it, vi } from "vitest";
import { CompactBuilder } from "@/lib/rating/compact";
import type { Battle, BattleFilter } from "@/lib/rating/types";
import { scanBattles } from "./parse-battles";
import { scanOutcomeBytes, scanOutcomesInto } from "./scan-outcomes";

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
    const { lines: _lines, ...rest } = scanOutcomeBytes(new TextEncoder().encode(text), (b) => fast.push(b), {
      skipBad,
    });
    rf = rest;
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

  /** Seeded lines of many shapes: layouts that repeat and change, spacing, escapes, nesting, bad values. */
  function fuzzLines(count: number, seed: number): string[] {
    let x = seed;
    const rand = () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
    const models = ["gpt-4", "claude", "modèle", "a", "", 'x"y', "model-1"];
    const winners = ["model_a", "model_b", "tie", "tie (bothbad)", "nobody", 3];
    const numbers = [
      "1700000000",
      "0.12345678901234567",
      "123456789.123456789",
      "1700000000.125",
      "-2.5e3",
      "0",
      "01",
      "1.",
      "1e400",
      "12345678901234567",
      "-0",
    ];
    const lines: string[] = [];
    let layout = 0;
    for (let k = 0; k < count; k++) {
      if (rand() < 0.05) layout = Math.floor(rand() * 4); // a file changes shape now and then
      const fields: [string, string][] = [
        ["model_a", JSON.stringify(pick(models))],
        ["model_b", JSON.stringify(pick(models))],
        ["winner", JSON.stringify(pick(winners))],
        ["anony", pick(["true", "false", '"yes"', "null"])],
        ["tstamp", pick(numbers)],
      ];
      if (layout === 1) fields.reverse();
      if (layout === 2) fields.splice(2, 0, ["conv_metadata", '{"turns":1}']);
      if (layout === 3) fields.splice(1, 0, ["judge", '"arena_user_1"'], ["turn", "1"]);
      if (rand() < 0.1) fields.splice(Math.floor(rand() * fields.length), 1); // a missing field
      if (rand() < 0.05) fields.push(["winner", '"model_b"']); // a duplicate key: the last one wins
      const sep = rand() < 0.1 ? " , " : ",";
      let line = `{${fields.map(([key, v]) => `"${key}":${v}`).join(sep)}}`;
      if (rand() < 0.05) line = ` ${line}\t\r`;
      if (rand() < 0.03) line = line.slice(0, Math.floor(rand() * line.length)); // cut short
      lines.push(line);
    }
    return lines;
  }

  it("agrees with scanBattles on seeded lines of many shapes", () => {
    for (const seed of [1, 2, 3]) {
      const r = both(fuzzLines(2000, seed).join("\n"));
      expect(r.fast).toEqual(r.slow);
      expect(r.rf).toEqual(r.rs);
      expect(r.slow.length).toBeGreaterThan(100);
      expect(r.rs!.bad.length).toBeGreaterThan(100);
    }
  });

  it("scanOutcomesInto builds exactly what scanOutcomeBytes + CompactBuilder.add builds, under every filter", () => {
    const filters: BattleFilter[] = [
      {},
      { anonyOnly: false },
      { excludeTies: true },
      { fromTstamp: 0, toTstamp: 1700000000 },
      { minBattles: 20 },
    ];
    const bytes = new TextEncoder().encode(fuzzLines(3000, 9).concat(lines).join("\n"));
    for (const filter of filters) {
      const viaObjects = new CompactBuilder(filter);
      const a = scanOutcomeBytes(bytes, (b) => viaObjects.add(b), { skipBad: true });
      const direct = new CompactBuilder(filter);
      const b = scanOutcomesInto(bytes, direct, { skipBad: true });
      expect(b).toEqual(a);
      const [x, y] = [viaObjects.finish(), direct.finish()];
      expect(y.models).toEqual(x.models);
      expect([...y.a]).toEqual([...x.a]);
      expect([...y.b]).toEqual([...x.b]);
      expect([...y.outcome]).toEqual([...x.outcome]);
      expect(x.length, JSON.stringify(filter)).toBeGreaterThan(50);
    }
    expect(() => scanOutcomesInto(bytes, new CompactBuilder({ category: "coding" }))).toThrow(
      /category or keeps style/,
    );
  });
});
