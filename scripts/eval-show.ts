/**
 * npm run eval:show -- <judgment file> [--json] [--baseline MODEL]
 * Prints the results of a FastChat-format judgment file (*_single.jsonl or *_pair.jsonl; the kind
 * is recognised from the fields): the same table as the /eval page, or JSON with --json.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { JoustError } from "@/lib/errors";
import { formatResult, resultJson, showJudgments } from "@/lib/eval/show";

const USAGE = `Usage: npm run eval:show -- <judgment file> [--json] [--baseline MODEL]`;

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      baseline: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return (console.log(USAGE), 0);
  if (positionals.length !== 1) {
    console.error(`expected exactly one judgment file\n\n${USAGE}`);
    return 2;
  }
  const file = positionals[0];
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    console.error(`error: cannot read ${file}`);
    return 2;
  }
  const result = showJudgments(text, file, values.baseline);
  if (values.baseline !== undefined && result.kind === "single")
    console.error("note: --baseline applies to pairwise files; ignored");
  console.log(values.json ? JSON.stringify(resultJson(result)) : formatResult(result));
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  console.error(err instanceof JoustError ? `error: ${err.message}` : err);
  process.exitCode = 2;
}
