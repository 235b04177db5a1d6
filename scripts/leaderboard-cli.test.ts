import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "joust-lb-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/leaderboard-cli.ts", ...args], { encoding: "utf8" });
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
      expect(Object.keys(m)).toEqual(expect.arrayContaining(["model", "rating", "lower", "upper", "rank", "battles", "elo"]));
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

  it("rejects bad options and a disconnected graph with clear messages", () => {
    const p = file("ok.json", JSON.stringify(rows));
    const bad = run(p, "--rounds", "many");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--rounds must be a non-negative integer");
    const disc = run(file("disc.json", JSON.stringify([
      { model_a: "a", model_b: "b", winner: "model_a" },
      { model_a: "c", model_b: "d", winner: "model_a" },
    ])));
    expect(disc.code).toBe(1);
    expect(disc.stderr).toMatch(/never compared/);
  });
});
