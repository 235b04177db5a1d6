import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { computeLeaderboard } from "@/lib/rating/leaderboard";
import type { Battle } from "@/lib/rating/types";

const dir = mkdtempSync(join(tmpdir(), "joust-lb-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Through the launcher `npm run leaderboard` uses: the compiled bundle (rebuilt here if stale). */
function run(...args: string[]) {
  const r = spawnSync(process.execPath, ["scripts/leaderboard.mjs", ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, body: string) {
  const p = join(dir, name);
  writeFileSync(p, body);
  return p;
}

const rows = [
  ...Array.from({ length: 30 }, () => ({ model_a: "a", model_b: "b", winner: "model_a", anony: true, tstamp: 1 })),
  ...Array.from({ length: 10 }, () => ({ model_a: "b", model_b: "a", winner: "model_a", anony: true, tstamp: 2 })),
  ...Array.from({ length: 25 }, () => ({ model_a: "b", model_b: "c", winner: "model_a", anony: true, tstamp: 3 })),
  ...Array.from({ length: 15 }, () => ({ model_a: "b", model_b: "c", winner: "model_b", anony: true, tstamp: 3 })),
  ...Array.from({ length: 9 }, () => ({ model_a: "a", model_b: "c", winner: "model_b", anony: false, tstamp: 4 })),
];

describe("leaderboard CLI", () => {
  it("reads a JSON array and prints --json", () => {
    const r = run(file("b.json", JSON.stringify(rows)), "--json", "--rounds", "20", "--seed", "1");
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.models.map((m: { model: string }) => m.model)).toEqual(["a", "b", "c"]);
    expect(out.totalBattles).toBe(80); // named battles left out by default
    const [a, b, c] = out.models;
    expect(a.rating - b.rating).toBeCloseTo(400 * Math.log10(3), 1);
    expect(b.rating - c.rating).toBeCloseTo(400 * Math.log10(25 / 15), 1);
    for (const m of out.models) {
      expect(Object.keys(m)).toEqual(
        expect.arrayContaining(["model", "rating", "lower", "upper", "rank", "battles", "elo"]),
      );
      expect(m.lower).toBeLessThanOrEqual(m.upper);
    }
  });

  it("reads JSON Lines, prints a table, honours --all and --anchor", () => {
    const p = file("b.jsonl", rows.map((x) => JSON.stringify(x)).join("\n") + "\n");
    const table = run(p, "--rounds", "10");
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/rank\s+model\s+rating\s+95% CI/);
    expect(table.stdout).toMatch(/80 battles, 3 models, 10 bootstrap rounds/);
    const all = JSON.parse(run(p, "--json", "--all", "--rounds", "5", "--anchor", "c=1114").stdout);
    expect(all.totalBattles).toBe(89);
    expect(all.models.find((m: { model: string }) => m.model === "c").rating).toBeCloseTo(1114, 6);
  });

  it("fails on a bad line with its number, or skips it with --skip-bad-lines", () => {
    const lines = rows.slice(0, 45).map((x) => JSON.stringify(x));
    lines.splice(2, 0, '{"model_a":"a","model_b":"b","winner":"nobody"}');
    lines.splice(5, 0, "{oops");
    const p = file("bad.jsonl", lines.join("\n"));
    const fail = run(p, "--json");
    expect(fail.code).toBe(1);
    expect(fail.stdout).toBe("");
    expect(fail.stderr).toContain("bad.jsonl:3: winner must be one of");
    expect(fail.stderr).toContain("--skip-bad-lines");
    const ok = run(p, "--json", "--skip-bad-lines", "--rounds", "5");
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain("bad.jsonl:3: skipped");
    expect(ok.stderr).toContain("bad.jsonl:6: skipped: not valid JSON");
    expect(JSON.parse(ok.stdout)).toMatchObject({ totalBattles: 45, skippedLines: 2 });
  });

  it("reads a large JSON Lines file on two threads exactly as one thread reads it", () => {
    // Over 8 MB: the CLI cuts the file into chunks scanned by this thread and a worker thread. The same
    // battles as a JSON array take the one-thread path; both must give the same board, bad-line numbers
    // included (bad lines sit in the last chunks, so their numbers carry the earlier chunks' lines).
    let seed = 11;
    const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const battles: object[] = [];
    for (let k = 0; k < 90_000; k++) {
      const a = Math.floor(rand() * 12);
      const b = (a + 1 + Math.floor(rand() * 11)) % 12;
      const winner = rand() < 0.1 ? "tie" : rand() < 0.5 + (b - a) / 30 ? "model_a" : "model_b";
      battles.push({ model_a: `model-${a}`, model_b: `model-${b}`, winner, anony: rand() < 0.9, tstamp: 1e9 + k });
    }
    const lines = battles.map((x) => `${JSON.stringify(x)}${" ".repeat(12)}`); // about 110 bytes a line
    const badAt = [80_000, 89_000]; // 1-based line numbers after insertion
    lines.splice(badAt[0] - 1, 0, '{"model_a":"a","model_b":"b","winner":"nobody"}');
    lines.splice(badAt[1] - 1, 0, "{oops");
    const big = file("big.jsonl", `${lines.join("\n")}\n`);
    const fail = run(big, "--json");
    expect(fail.code).toBe(1);
    expect(fail.stderr).toContain(`big.jsonl:${badAt[0]}: winner must be one of`);
    const two = run(big, "--json", "--skip-bad-lines", "--rounds", "20");
    expect(two.code, two.stderr).toBe(0);
    expect(two.stderr).toContain(`big.jsonl:${badAt[0]}: skipped`);
    expect(two.stderr).toContain(`big.jsonl:${badAt[1]}: skipped: not valid JSON`);
    const one = run(file("big.json", JSON.stringify(battles)), "--json", "--rounds", "20");
    expect(one.code, one.stderr).toBe(0);
    const got = JSON.parse(two.stdout);
    expect(got.skippedLines).toBe(2);
    expect({ ...got, skippedLines: 0 }).toEqual(JSON.parse(one.stdout));
    expect(got.totalBattles).toBeGreaterThan(80_000);
    // Its bootstrap rounds were split between the two threads: the same numbers as one thread in process.
    const inProcess = computeLeaderboard(battles as Battle[], { rounds: 20, seed: 0 });
    for (const m of got.models) {
      const row = inProcess.models.find((x) => x.model === m.model)!;
      expect([m.rating, m.lower, m.upper, m.elo]).toEqual([row.rating, row.lower, row.upper, row.elo]);
    }
  });

  it("reads a piped file (/dev/stdin) as it reads the file itself", () => {
    const p = file("p.jsonl", rows.map((x) => JSON.stringify(x)).join("\n"));
    // A shell pipe (spawnSync's `input` would hand the child a socket, which /dev/stdin cannot open).
    const piped = spawnSync(
      "sh",
      ["-c", `cat "${p}" | "${process.execPath}" scripts/leaderboard.mjs /dev/stdin --json --rounds 5`],
      {
        encoding: "utf8",
      },
    );
    expect(piped.status, piped.stderr).toBe(0);
    expect(JSON.parse(piped.stdout)).toEqual(JSON.parse(run(p, "--json", "--rounds", "5").stdout));
  });

  it("rejects bad options and a disconnected graph with clear messages", () => {
    const p = file("ok.json", JSON.stringify(rows));
    const bad = run(p, "--rounds", "many");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--rounds must be a non-negative integer");
    const disc = run(
      file(
        "disc.json",
        JSON.stringify([
          { model_a: "a", model_b: "b", winner: "model_a" },
          { model_a: "c", model_b: "d", winner: "model_a" },
        ]),
      ),
    );
    expect(disc.code).toBe(1);
    expect(disc.stderr).toMatch(/never compared/);
  });

  it("--style-control adds style_coefficients and reads counts as numbers or dicts", () => {
    // "b" usually answers longer and longer answers win; a and b are otherwise equal.
    const styled: object[] = [];
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 400; i++) {
      const verboseLonger = rand() < 0.8; // "b" answers longer in 80% of battles
      const seatA = rand() < 0.5; // "b" sits in seat A (seats are random, as in the arena)
      const [verbose, terse] = verboseLonger ? [400, 100] : [100, 400];
      const [ta, tb] = seatA ? [verbose, terse] : [terse, verbose];
      const meta = {
        sum_assistant_a_tokens: ta,
        sum_assistant_b_tokens: tb,
        header_count_a: { h1: i % 3, h2: 0 },
        header_count_b: { h1: 0, h2: i % 2 },
        list_count_a: i % 4,
        list_count_b: { ordered: 1, unordered: i % 3 },
        bold_count_a: { "**": i % 2, __: 0 },
        bold_count_b: 1,
      };
      const longerWins = rand() < 0.75;
      const winner = longerWins === ta > tb ? "model_a" : "model_b";
      styled.push(
        seatA
          ? { model_a: "b", model_b: "a", winner, conv_metadata: meta }
          : { model_a: "a", model_b: "b", winner, conv_metadata: meta },
      );
    }
    styled.push({ model_a: "a", model_b: "b", winner: "model_a" }); // no conv_metadata: left out, warned
    const p = file("styled.jsonl", styled.map((x) => JSON.stringify(x)).join("\n"));
    const plain = JSON.parse(run(p, "--json", "--rounds", "0").stdout);
    const r = run(p, "--json", "--style-control", "--rounds", "10");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("1 battles without usable conv_metadata");
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out.style_coefficients)).toEqual(["length", "header", "list", "bold"]);
    expect(out.style_coefficients.length).toBeGreaterThan(0.3);
    expect(plain.style_coefficients).toBeUndefined();
    const gap = (o: { models: { model: string; rating: number }[] }) =>
      o.models.find((m) => m.model === "b")!.rating - o.models.find((m) => m.model === "a")!.rating;
    expect(gap(plain)).toBeGreaterThan(100);
    expect(Math.abs(gap(out))).toBeLessThan(gap(plain) / 2);
    for (const m of out.models)
      expect(Object.keys(m)).toEqual(expect.arrayContaining(["rating", "lower", "upper", "rank", "battles"]));
    expect(run(p, "--style-control", "--rounds", "0").stdout).toMatch(/style coefficients: length /);
    // The CLI splits the bootstrap rounds between two threads: the same numbers as one thread in process.
    const inProcess = computeLeaderboard(styled as Battle[], { styleControl: true, rounds: 10, seed: 0 });
    for (const m of out.models) {
      const row = inProcess.models.find((x) => x.model === m.model)!;
      expect([m.rating, m.lower, m.upper]).toEqual([row.rating, row.lower, row.upper]);
    }
    expect(out.style_coefficient_intervals.length).toEqual([
      inProcess.style!.coefficients.length.lower,
      inProcess.style!.coefficients.length.upper,
    ]);
  });

  it("--category filters by our tags and by FastChat's category_tag fields", () => {
    const crit = (n: number) =>
      Object.fromEntries(
        [
          "specificity",
          "domain_knowledge",
          "complexity",
          "problem_solving",
          "creativity",
          "technical_accuracy",
          "real_world",
        ].map((k, i) => [k, i < n]),
      );
    const data = [
      ...Array.from({ length: 6 }, () => ({ model_a: "a", model_b: "b", winner: "model_a", categories: ["coding"] })),
      ...Array.from({ length: 4 }, () => ({
        model_a: "a",
        model_b: "b",
        winner: "model_b",
        category_tag: { "criteria_v0.1": crit(6), "math_v0.1": { math: true } },
      })),
      ...Array.from({ length: 3 }, () => ({
        model_a: "a",
        model_b: "b",
        winner: "model_b",
        category_tag: { "criteria_v0.1": crit(5) },
        language: "Chinese",
      })),
    ];
    const p = file("cats.json", JSON.stringify(data));
    const count = (cat: string) => JSON.parse(run(p, "--json", "--rounds", "0", "--category", cat).stdout).totalBattles;
    expect(count("coding")).toBe(6);
    expect(count("hard_prompt")).toBe(4);
    expect(count("math")).toBe(4);
    expect(count("chinese")).toBe(3);
    expect(count("overall")).toBe(13);
  });
});
