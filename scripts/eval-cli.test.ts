// The eval CLI end to end against the stub upstream (OpenAI wire format): answers, a stub judge with a
// fixed rating, interrupted and resumed → no duplicate lines and the same results as an uninterrupted run.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstream, stubKeys, type StubHandle } from "@/lib/providers/test-stub";

let stub: StubHandle;
let dir: string;
const questions = [
  { question_id: 1, category: "writing", turns: ["Write a haiku about rain", "Make it sadder"] },
  { question_id: 2, category: "math", turns: ["What is 2+2?", "Times three?"], reference: ["4", "12"] },
  { question_id: 3, category: "stem", turns: ["Why is the sky blue?"] },
];

beforeAll(async () => {
  stub = await startUpstream();
  dir = mkdtempSync(join(tmpdir(), "joust-eval-cli-"));
  writeFileSync(join(dir, "q.jsonl"), questions.map((q) => JSON.stringify(q)).join("\n") + "\n");
  const entry = (name: string, model: string) => ({
    name,
    provider: "openai",
    model,
    baseUrl: `${stub.url}/v1`,
    apiKeyEnv: "EVAL_STUB_KEY",
  });
  writeFileSync(
    join(dir, "cfg.json"),
    JSON.stringify({
      models: [
        entry("alpha", "stub-alpha-delay30-t12"),
        entry("beta", "stub-beta-delay30-t20"),
        entry("judge7", "stub-judge-rate7"),
        entry("judgeA", "stub-judge-verdictA"),
        entry("broken", "stub-x-500"),
      ],
    }),
  );
});
afterAll(() => stub?.close());

// Spawned as one node process (not the tsx CLI, which forks a child) so SIGKILL really interrupts it.
function run(
  script: string,
  args: string[],
  killWhen?: () => boolean,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script, ...args], {
      env: { ...process.env, EVAL_STUB_KEY: stubKeys.openai },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = killWhen && setInterval(() => killWhen() && child.kill("SIGKILL"), 20);
    child.on("close", (code) => {
      if (timer) clearInterval(timer);
      resolve({ code, out, err });
    });
  });
}

const evalArgs = (out: string, extra: string[] = []) => [
  "--questions",
  join(dir, "q.jsonl"),
  "--models",
  "alpha,beta",
  "--judge",
  "judge7",
  "--config",
  join(dir, "cfg.json"),
  "--out",
  out,
  ...extra,
];
const lines = (p: string) =>
  readFileSync(p, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
const lineCount = (p: string) => (existsSync(p) ? readFileSync(p, "utf8").split("\n").filter(Boolean).length : 0);

describe("npm run eval", () => {
  it("answers, judges and prints the table; an interrupted run resumes without duplicates and gives the same results", async () => {
    const clean = join(dir, "clean");
    const r1 = await run("scripts/eval-cli.ts", evalArgs(clean, ["--parallel", "2"]));
    expect(r1.err).toContain("answers [########################] 6/6 done");
    expect(r1.code).toBe(0);
    expect(r1.out).toMatch(/alpha\s+7\.0000\s+7\.0000\s+7\.0000\s+5\s+0/);
    expect(r1.out).toMatch(/judge7: \d+ \/ \d+, 10 calls/);
    const alpha = lines(join(clean, "model_answer", "alpha.jsonl"));
    expect(alpha).toHaveLength(3);
    expect(alpha[0]).toMatchObject({
      question_id: 1,
      model_id: "alpha",
      choices: [
        {
          index: 0,
          turns: [expect.stringContaining("Echo: Write a haiku"), expect.stringContaining("Echo: Make it sadder")],
        },
      ],
    });
    const judged = lines(join(clean, "model_judgment", "judge7_single.jsonl"));
    expect(judged).toHaveLength(10);
    expect(judged[0]).toMatchObject({
      judge: ["judge7", expect.stringMatching(/^single-/)],
      score: 7,
      turn: expect.any(Number),
      user_prompt: expect.any(String),
      judgment: expect.stringContaining("[[7]]"),
    });

    // Interrupted: killed once the first answer has been written.
    const resumed = join(dir, "resumed");
    const alphaPath = join(resumed, "model_answer", "alpha.jsonl");
    const betaPath = join(resumed, "model_answer", "beta.jsonl");
    const killed = await run(
      "scripts/eval-cli.ts",
      evalArgs(resumed),
      () => lineCount(alphaPath) + lineCount(betaPath) >= 1,
    );
    expect(killed.code).toBeNull();
    const before = lineCount(alphaPath) + lineCount(betaPath);
    expect(before).toBeGreaterThanOrEqual(1);
    expect(before).toBeLessThan(6);
    const r2 = await run("scripts/eval-cli.ts", evalArgs(resumed));
    expect(r2.code).toBe(0);
    expect(r2.err).toContain(`answers [`);
    for (const m of ["alpha", "beta"]) {
      const a = lines(join(resumed, "model_answer", `${m}.jsonl`));
      expect(a.map((x) => x.question_id).sort()).toEqual([1, 2, 3]);
      const c = lines(join(clean, "model_answer", `${m}.jsonl`));
      const turns = (xs: typeof a) => Object.fromEntries(xs.map((x) => [x.question_id, x.choices[0].turns]));
      expect(turns(a)).toEqual(turns(c));
    }
    // A third run does nothing new.
    const r3 = await run("scripts/eval-cli.ts", evalArgs(resumed));
    expect(r3.code).toBe(0);
    expect(lineCount(join(resumed, "model_judgment", "judge7_single.jsonl"))).toBe(10);
    expect(lineCount(alphaPath) + lineCount(betaPath)).toBe(6);

    const show = async (p: string) => JSON.parse((await run("scripts/eval-show.ts", [p, "--json"])).out);
    const a = await show(join(clean, "model_judgment", "judge7_single.jsonl"));
    expect(a).toEqual({
      models: [
        expect.objectContaining({ model: "alpha", turn1: 7, turn2: 7, overall: 7, judged: 5, unparsed: 0 }),
        expect.objectContaining({ model: "beta", judged: 5 }),
      ],
    });
    expect(await show(join(resumed, "model_judgment", "judge7_single.jsonl"))).toEqual(a);
  }, 120_000);

  it("pairwise-baseline: each pair judged twice; a judge that always says [[A]] is inconsistent → ties", async () => {
    const out = join(dir, "pair");
    const r = await run(
      "scripts/eval-cli.ts",
      [
        ...evalArgs(out, ["--mode", "pairwise-baseline", "--baseline", "beta", "--parallel", "3"]).filter(
          (x) => x !== "judge7",
        ),
        "--judge",
        "judgeA",
      ].filter((x, i, a) => !(x === "--judge" && a[i + 1] === "--config")),
    );
    expect(r.code, r.err).toBe(0);
    const judged = lines(join(out, "model_judgment", "judgeA_pair.jsonl"));
    expect(judged).toHaveLength(5);
    expect(judged[0]).toMatchObject({
      model_1: "alpha",
      model_2: "beta",
      g1_winner: "model_1",
      g2_winner: "model_2",
      judge: ["judgeA", expect.stringMatching(/^pair-/)],
    });
    const shown = JSON.parse(
      (
        await run("scripts/eval-show.ts", [
          join(out, "model_judgment", "judgeA_pair.jsonl"),
          "--json",
          "--baseline",
          "beta",
        ])
      ).out,
    );
    expect(shown).toEqual({
      models: [{ model: "alpha", win: 0, loss: 0, tie: 5, win_rate: 0, loss_rate: 0, win_rate_adjusted: 0.5 }],
    });
  }, 60_000);

  it("a failing model's questions are recorded in errors.jsonl and the run goes on", async () => {
    const out = join(dir, "errors");
    const r = await run("scripts/eval-cli.ts", [
      "--questions",
      join(dir, "q.jsonl"),
      "--models",
      "broken,alpha",
      "--skip-judge",
      "--retries",
      "0",
      "--config",
      join(dir, "cfg.json"),
      "--out",
      out,
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("broken · question 1: upstream:provider");
    expect(lineCount(join(out, "model_answer", "alpha.jsonl"))).toBe(3);
    expect(lines(join(out, "errors.jsonl")).map((e) => [e.stage, e.model, e.question_id])).toEqual([
      ["answer", "broken", 1],
      ["answer", "broken", 2],
      ["answer", "broken", 3],
    ]);
  }, 60_000);

  it("models not in the config are served by --base-url (an OpenAI-compatible server such as vLLM)", async () => {
    const out = join(dir, "baseurl");
    const r = await run("scripts/eval-cli.ts", [
      "--questions",
      join(dir, "q.jsonl"),
      "--models",
      "vllm-model-t6",
      "--skip-judge",
      "--config",
      join(dir, "cfg.json"),
      "--base-url",
      `${stub.url}/v1`,
      "--api-key-env",
      "EVAL_STUB_KEY",
      "--out",
      out,
    ]);
    expect(r.code, r.err).toBe(0);
    const a = lines(join(out, "model_answer", "vllm-model-t6.jsonl"));
    expect(a.map((x) => x.choices[0].turns.length)).toEqual([2, 2, 1]);
    expect(a[0].choices[0].turns[0]).toBe("Echo: Write a haiku about rain");
    const missing = await run("scripts/eval-cli.ts", [
      "--questions",
      join(dir, "q.jsonl"),
      "--models",
      "nowhere",
      "--skip-judge",
      "--config",
      join(dir, "cfg.json"),
      "--out",
      out,
    ]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Unknown model "nowhere"');
  }, 60_000);

  it("eval:show names the bad line of a malformed file; usage errors are clear", async () => {
    const bad = join(dir, "bad_single.jsonl");
    writeFileSync(
      bad,
      `${JSON.stringify({ question_id: 1, model: "a", judge: ["j", "p"], user_prompt: "", judgment: "", score: 5, turn: 1, tstamp: 0 })}\n{"question_id": 2,\n`,
    );
    const r = await run("scripts/eval-show.ts", [bad]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("bad_single.jsonl: line 2: invalid JSON");
    const u = await run("scripts/eval-cli.ts", [
      "--questions",
      join(dir, "q.jsonl"),
      "--models",
      "alpha",
      "--judge",
      "judge7",
      "--mode",
      "pairwise-baseline",
      "--out",
      join(dir, "u"),
    ]);
    expect(u.code).toBe(2);
    expect(u.err).toContain("--mode pairwise-baseline needs --baseline");
  }, 60_000);
});
