/**
 * npm run leaderboard -- <battles.json|battles.jsonl> [--json] [--rounds N] [--seed S]
 *   [--anchor MODEL=RATING] [--exclude-ties] [--all] [--min-battles N] [--skip-bad-lines]
 *   [--style-control] [--category NAME] [--timings]
 *
 * Reads FastChat clean-battle data (JSON array or JSON Lines) and prints the leaderboard:
 * Bradley–Terry ratings with bootstrap 95% CIs, ranks, online Elo; optionally style-controlled
 * (FastChat's contextual BT on conv_metadata) and for one category. Run compiled (see build-cli.mjs).
 */
import { accessSync, constants, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { isMainThread } from "node:worker_threads";
import { JoustError } from "@/lib/errors";
import { type BadLine, scanBattles } from "@/lib/leaderboard/parse-battles";
import { onlineEloOn } from "@/lib/leaderboard/elo-thread";
import { passesOn } from "@/lib/leaderboard/pass-thread";
import { HelperThread, serveHelper } from "@/lib/leaderboard/helper-thread";
import { styleBootstrapOn } from "@/lib/leaderboard/rounds-threads";
import { scanOutcomeFile } from "@/lib/leaderboard/scan-file";
import { CompactBuilder } from "@/lib/rating/compact";
import { leaderboardFromCompact } from "@/lib/rating/leaderboard";
import type { LeaderboardResult } from "@/lib/rating/types";

const USAGE = `Usage: npm run leaderboard -- <file> [options]
  --json               print one JSON object instead of a table
  --rounds N           bootstrap rounds (default 100)
  --seed S             bootstrap seed (default 0)
  --anchor MODEL=R     pin MODEL's rating to R (FastChat: mixtral-8x7b-instruct-v0.1=1114)
  --exclude-ties       drop tie and "tie (bothbad)" battles
  --all                include named (non-anonymous) battles
  --min-battles N      drop models with fewer than N battles
  --skip-bad-lines     report bad lines and continue instead of failing
  --style-control      control for answer length and markdown (reads each battle's conv_metadata)
  --category NAME      only battles in NAME: coding, math, hard_prompt, long_query, multi_turn,
                       creative_writing, instruction_following, or a language (english, …)
  --timings            print how long reading and rating took (stderr)`;

class UsageError extends Error {}

function intOption(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a non-negative integer (got "${v}")`);
  return Number(v);
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      rounds: { type: "string" },
      seed: { type: "string" },
      anchor: { type: "string" },
      "exclude-ties": { type: "boolean", default: false },
      all: { type: "boolean", default: false },
      "min-battles": { type: "string" },
      "skip-bad-lines": { type: "boolean", default: false },
      "style-control": { type: "boolean", default: false },
      timings: { type: "boolean", default: false },
      category: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError("expected exactly one battle file");
  let anchor: { model: string; rating: number } | undefined;
  if (values.anchor !== undefined) {
    const eq = values.anchor.lastIndexOf("=");
    const rating = Number(values.anchor.slice(eq + 1));
    if (eq <= 0 || !Number.isFinite(rating))
      throw new UsageError(`--anchor must be MODEL=RATING (got "${values.anchor}")`);
    anchor = { model: values.anchor.slice(0, eq), rating };
  }
  const rounds = intOption("rounds", values.rounds, 100);
  const minBattles = intOption("min-battles", values["min-battles"], 0);
  const file = positionals[0];
  try {
    accessSync(file, constants.R_OK);
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const skipBad = values["skip-bad-lines"];
  const styleControl = values["style-control"];
  const category = values.category?.trim().toLowerCase() ?? "";
  const filter = {
    excludeTies: values["exclude-ties"],
    anonyOnly: !values.all,
    minBattles,
    category,
    style: styleControl,
  };
  const t0 = performance.now();
  // A second thread (this compiled module is also the helper's code) reads a large file's chunks and
  // computes the online Elo, half of each style-controlled fit pass and bootstrap rounds beside this one; it starts now, while this thread opens
  // the file. JOUST_CLI_THREADS=1 keeps everything on this thread (for comparison).
  const helper = process.env.JOUST_CLI_THREADS === "1" ? undefined : new HelperThread(new URL(import.meta.url));
  try {
    let builder = new CompactBuilder(filter);
    let parsed: { bad: BadLine[] };
    try {
      // Plain ratings need only the outcome fields: the byte-level fast path. Style control and
      // categories read nested fields: the full parser.
      if (styleControl || category)
        parsed = scanBattles(readFileSync(file, "utf8"), (b) => builder.add(b), { skipBad });
      else {
        const scanned = await scanOutcomeFile(file, filter, { skipBad, helper });
        builder = scanned.builder;
        parsed = scanned;
      }
    } catch (e) {
      if (e instanceof JoustError && e.details?.line !== undefined) {
        throw new JoustError(e.code, `${file}:${e.details.line}: ${e.details.reason}`, e.details);
      }
      throw e;
    }
    for (const b of parsed.bad) console.error(`${file}:${b.line}: skipped: ${b.reason}`);
    const t1 = performance.now();
    const board = leaderboardFromCompact(builder.finish(), {
      ...filter,
      rounds,
      seed: values.seed ?? 0,
      anchor,
      styleControl,
      styleBootstrap: helper && styleBootstrapOn(helper),
      onlineEloOn: helper && onlineEloOn(helper),
      stylePasses: helper && passesOn(helper),
    });
    const t2 = performance.now();
    if (board.style?.skipped)
      console.error(
        `warning: ${board.style.skipped} battles without usable conv_metadata were left out of the style-controlled fit`,
      );
    if (anchor && !board.models.some((m) => m.model === anchor.model))
      console.error(`warning: anchor model "${anchor.model}" has no battles; ratings are not pinned`);
    if (values.json) console.log(JSON.stringify(toJson(board, parsed.bad.length)));
    else console.log(toTable(board, parsed.bad.length));
    if (values.timings)
      console.error(`timings: read+parse ${(t1 - t0).toFixed(0)} ms, ratings ${(t2 - t1).toFixed(0)} ms`);
    return 0;
  } finally {
    helper?.close();
  }
}

function toJson(b: LeaderboardResult, skipped: number) {
  return {
    models: b.models.map((m) => ({
      model: m.model,
      rating: m.rating,
      lower: m.lower,
      upper: m.upper,
      median: m.median,
      rank: m.rank,
      battles: m.battles,
      elo: m.elo,
      winRate: m.winRate,
    })),
    totalBattles: b.totalBattles,
    rounds: b.rounds,
    skippedLines: skipped,
    ...(b.style
      ? {
          style_coefficients: Object.fromEntries(Object.entries(b.style.coefficients).map(([k, c]) => [k, c.value])),
          style_coefficient_intervals: Object.fromEntries(
            Object.entries(b.style.coefficients).map(([k, c]) => [k, [c.lower, c.upper]]),
          ),
          style_skipped_battles: b.style.skipped,
        }
      : {}),
  };
}

function toTable(b: LeaderboardResult, skipped: number): string {
  if (!b.models.length) return "No battles matched the filters.";
  const head = ["rank", "model", "rating", "95% CI", "battles", "online elo", "win rate"];
  const rows = b.models.map((m) => [
    String(m.rank),
    m.model,
    m.rating.toFixed(1),
    `+${(m.upper - m.rating).toFixed(1)}/-${(m.rating - m.lower).toFixed(1)}`,
    String(m.battles),
    m.elo.toFixed(1),
    m.winRate === null ? "-" : `${(m.winRate * 100).toFixed(1)}%`,
  ]);
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 1 ? c.padEnd(width[i]) : c.padStart(width[i]))).join("  ");
  const coef = b.style
    ? `\nstyle coefficients: ${Object.entries(b.style.coefficients)
        .map(([k, c]) => `${k} ${c.value.toFixed(3)} [${c.lower.toFixed(3)}, ${c.upper.toFixed(3)}]`)
        .join(", ")}`
    : "";
  const foot = `${b.totalBattles} battles, ${b.models.length} models, ${b.rounds} bootstrap rounds${skipped ? `, ${skipped} bad lines skipped` : ""}${coef}`;
  return [line(head), line(width.map((w) => "-".repeat(w))), ...rows.map(line), "", foot].join("\n");
}

if (!serveHelper() && isMainThread) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (e) {
    report(e);
    process.exitCode = 1;
  }
}

function report(e: unknown): void {
  if (
    e instanceof UsageError ||
    (e instanceof Error && "code" in e && (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS"))
  ) {
    console.error(`error: ${e.message}\n\n${USAGE}`);
  } else if (e instanceof JoustError) {
    console.error(
      `error: ${e.message}${e.code === "bad_request:import" ? " (use --skip-bad-lines to skip bad lines)" : ""}`,
    );
  } else {
    console.error(e);
  }
}
