/**
 * npm run eval -- --questions FILE --models a,b --judge NAME --mode single|pairwise-baseline|pairwise-all
 *   [--baseline M] [--parallel N] [--max-tokens N] [--judge-prompts FILE] [--config FILE]
 *   [--base-url URL] [--api-key-env VAR] [--retries N] [--skip-judge] --out DIR
 *
 * MT-Bench-style evaluation against server-reachable models: answers every question as a multi-turn
 * conversation, judges them, prints the results. Output files are FastChat's (model_answer/,
 * model_judgment/) and resumable: a rerun skips what is already written.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { JoustError } from "@/lib/errors";
import { mergePrompts, parseJudgePrompts } from "@/lib/eval/judge-prompts";
import { OutDir } from "@/lib/eval/node/out-dir";
import { resolveEngines } from "@/lib/eval/node/provider-engine";
import { RunAccounting, formatDuration, progressText, type Progress } from "@/lib/eval/pipeline/accounting";
import { generateAnswers } from "@/lib/eval/pipeline/generate";
import { buildMatches, callsOf, indexAnswers, runJudging } from "@/lib/eval/pipeline/judge";
import { parseQuestions } from "@/lib/eval/questions";
import { formatResult, showJudgments } from "@/lib/eval/show";
import { EVAL_MODES, type EvalMode, type ModelAnswer } from "@/lib/eval/types";

const USAGE = `Usage: npm run eval -- --questions FILE --models a,b --judge NAME --mode MODE --out DIR [options]
  --mode MODE          single | pairwise-baseline | pairwise-all (default single)
  --baseline M         baseline model for pairwise-baseline (answered too if not in --models)
  --parallel N         concurrent requests per model and for the judge (default 1)
  --max-tokens N       answer length limit (default 1024)
  --judge-prompts FILE judge_prompts.jsonl to use instead of Joust's (same names replace ours)
  --config FILE        model registry (default joust.config.json or $JOUST_CONFIG)
  --base-url URL       OpenAI-compatible server for models not in the config (e.g. vLLM)
  --api-key-env VAR    environment variable holding that server's key
  --retries N          retries on 429/5xx/timeouts (default 4)
  --skip-judge         only generate answers`;

class UsageError extends Error {}

function intOption(name: string, v: string | undefined, fallback: number, min = 1): number {
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`--${name} must be an integer ≥ ${min} (got "${v}")`);
  return Number(v);
}

function progressPrinter(label: string): { update: (p: Progress) => void; end: () => void } {
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  let last: Progress | undefined;
  return {
    update(p) {
      last = p;
      const now = Date.now();
      if (tty) process.stderr.write(`\r${progressText(label, p)}`);
      else if (now - lastLine > 2000 || p.done + p.failed === p.total) {
        lastLine = now;
        process.stderr.write(`${progressText(label, p)}\n`);
      }
    },
    end() {
      if (tty && last) process.stderr.write("\n");
    },
  };
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      questions: { type: "string" },
      models: { type: "string" },
      judge: { type: "string" },
      mode: { type: "string", default: "single" },
      baseline: { type: "string" },
      parallel: { type: "string" },
      "max-tokens": { type: "string" },
      "judge-prompts": { type: "string" },
      config: { type: "string" },
      "base-url": { type: "string" },
      "api-key-env": { type: "string" },
      retries: { type: "string" },
      "skip-judge": { type: "boolean", default: false },
      out: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return (console.log(USAGE), 0);
  if (!values.questions) throw new UsageError("--questions is required");
  if (!values.out) throw new UsageError("--out is required");
  const models = (values.models ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (!models.length) throw new UsageError("--models needs at least one model name");
  const mode = values.mode as EvalMode;
  if (!EVAL_MODES.includes(mode)) throw new UsageError(`--mode must be one of ${EVAL_MODES.join(", ")}`);
  if (!values["skip-judge"] && !values.judge) throw new UsageError("--judge is required (or --skip-judge)");
  if (mode === "pairwise-baseline" && !values.baseline)
    throw new UsageError("--mode pairwise-baseline needs --baseline");
  if (mode === "pairwise-all" && models.length < 2)
    throw new UsageError("--mode pairwise-all needs at least two models");
  const parallel = intOption("parallel", values.parallel, 1);
  const maxTokens = intOption("max-tokens", values["max-tokens"], 1024);
  const retries = intOption("retries", values.retries, 4, 0);
  const answerModels =
    mode === "pairwise-baseline" && !models.includes(values.baseline!) ? [...models, values.baseline!] : models;

  const questions = parseQuestions(readFileSync(values.questions, "utf8"), values.questions);
  let prompts = parseJudgePrompts(
    readFileSync(new URL("../public/eval/judge-prompts.jsonl", import.meta.url), "utf8"),
    "judge-prompts.jsonl",
  );
  if (values["judge-prompts"])
    prompts = mergePrompts(
      prompts,
      parseJudgePrompts(readFileSync(values["judge-prompts"], "utf8"), values["judge-prompts"]),
    );
  const names = values["skip-judge"] ? answerModels : [...new Set([...answerModels, values.judge!])];
  const engines = resolveEngines(names, {
    configPath: values.config,
    baseUrl: values["base-url"],
    apiKeyEnv: values["api-key-env"],
  });
  const out = new OutDir(values.out);
  const accounting = new RunAccounting();
  const ac = new AbortController();
  process.once("SIGINT", () => {
    process.stderr.write("\nStopping… (rerun the same command to resume)\n");
    ac.abort();
  });
  const retry = { retries };

  // 1. Answers
  const existing = new Map(answerModels.map((m) => [m, out.loadAnswers(m)]));
  const bar = progressPrinter("answers");
  const gen = await generateAnswers({
    questions,
    models: answerModels,
    engineFor: async (m) => engines.get(m)!,
    maxTokens,
    parallel,
    signal: ac.signal,
    retry,
    accounting,
    isDone: (m, id) => existing.get(m)!.has(String(id)),
    onAnswer: (a: ModelAnswer) => {
      out.appendAnswer(a);
      existing.get(a.model_id)!.set(String(a.question_id), a);
    },
    onError: (model, q, error) => {
      out.appendError({ stage: "answer", model, question_id: q.question_id, error });
      process.stderr.write(`\n${model} · question ${q.question_id}: ${error.code}: ${error.message}\n`);
    },
    onProgress: bar.update,
  });
  bar.end();
  if (gen.cancelled) return 130;
  for (const m of answerModels) out.reorgAnswers(m);

  // 2. Judgments
  if (!values["skip-judge"]) {
    const judge = values.judge!;
    const kind = mode === "single" ? "single" : "pairwise";
    const answers = indexAnswers([...existing.values()].flatMap((m) => [...m.values()]));
    const matches = buildMatches(mode, questions, answerModels, answers, values.baseline);
    const done = out.loadJudgments(judge, kind).keys;
    const jbar = progressPrinter("judge  ");
    const res = await runJudging({
      matches,
      answers,
      prompts,
      judgeName: judge,
      judge: engines.get(judge)!,
      parallel,
      signal: ac.signal,
      retry,
      accounting,
      isDone: (k) => done.has(k),
      onSingle: (j) => out.appendJudgment(judge, kind, j),
      onPair: (j) => out.appendJudgment(judge, kind, j),
      onError: (m, error) => {
        out.appendError({
          stage: "judge",
          question_id: m.question.question_id,
          turn: m.turn,
          ...(m.kind === "single" ? { model: m.model } : { model_1: m.model_1, model_2: m.model_2 }),
          error,
        });
        process.stderr.write(
          `\njudge · question ${m.question.question_id} turn ${m.turn}: ${error.code}: ${error.message}\n`,
        );
      },
      onProgress: jbar.update,
    });
    jbar.end();
    if (res.cancelled) return 130;
    const left = matches.reduce((n, m) => n + callsOf(m), 0) - res.done;
    const path = out.judgmentPath(judge, kind);
    console.log(
      `\nJudgments: ${path} (${res.done} judge calls done, ${left} left${res.failed ? `, ${res.failed} failed` : ""})`,
    );
    console.log(
      formatResult(
        showJudgments(readFileSync(path, "utf8"), path, mode === "pairwise-baseline" ? values.baseline : undefined),
      ),
    );
  }

  // 3. Cost and speed
  const snap = accounting.snapshot();
  console.log("\nTokens this run (in / out, calls):");
  for (const [name, t] of Object.entries(snap.tokens))
    console.log(
      `  ${name}: ${t.promptTokens} / ${t.completionTokens}, ${t.calls} calls${t.estimated ? ` (${t.estimated} estimated)` : ""}`,
    );
  console.log(`Mean time per question: ${formatDuration(snap.meanQuestionMs)}`);
  return gen.failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) console.error(`${err.message}\n\n${USAGE}`);
    else if (err instanceof JoustError) console.error(`error: ${err.message}`);
    else console.error(err);
    process.exit(2);
  },
);
