/**
 * Reads FastChat clean-battle data: a JSON array or JSON Lines of
 * `{model_a, model_b, winner, anony?, tstamp?}` (other fields are ignored).
 */
import { JoustError } from "@/lib/errors";
import type { Battle } from "@/lib/rating/types";

const WINNERS = new Set(["model_a", "model_b", "tie", "tie (bothbad)"]);

export interface BadLine {
  /** 1-based line number (JSONL) or 1-based array position (JSON array). */
  line: number;
  reason: string;
}

export interface ParsedBattles {
  battles: Battle[];
  bad: BadLine[];
  format: "json" | "jsonl";
}

/** Validates one record; returns a reason string when it is not a usable battle. */
export function toBattle(v: unknown): Battle | string {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return "not a JSON object";
  const r = v as Record<string, unknown>;
  if (typeof r.model_a !== "string" || !r.model_a) return "model_a must be a non-empty string";
  if (typeof r.model_b !== "string" || !r.model_b) return "model_b must be a non-empty string";
  if (typeof r.winner !== "string" || !WINNERS.has(r.winner))
    return `winner must be one of model_a, model_b, tie, "tie (bothbad)" (got ${JSON.stringify(r.winner)})`;
  if (r.anony !== undefined && typeof r.anony !== "boolean") return "anony must be a boolean";
  if (r.tstamp !== undefined && (typeof r.tstamp !== "number" || !Number.isFinite(r.tstamp)))
    return "tstamp must be a number";
  // The validated record itself is the battle (extra FastChat fields are ignored): no copy per line.
  return r as unknown as Battle;
}

/**
 * Parses the text of a battle file. With `skipBad` false the first bad record throws
 * `bad_request:import` naming its line; with true, bad records are collected in `bad`.
 */
export function parseBattles(text: string, opts: { skipBad?: boolean } = {}): ParsedBattles {
  const battles: Battle[] = [];
  const { bad, format } = scanBattles(text, (b) => battles.push(b), opts);
  return { battles, bad, format };
}

/**
 * Like parseBattles, but hands each battle to `onBattle` instead of collecting them
 * (feed a CompactBuilder to go from a file to typed arrays without an array of objects).
 */
export function scanBattles(
  text: string,
  onBattle: (b: Battle) => void,
  opts: { skipBad?: boolean } = {},
): { bad: BadLine[]; format: "json" | "jsonl"; count: number } {
  let count = 0;
  const battles = { push: (b: Battle) => (count++, onBattle(b)) };
  const bad: BadLine[] = [];
  const reject = (line: number, reason: string) => {
    if (!opts.skipBad) {
      throw new JoustError("bad_request:import", `Line ${line}: ${reason}`, { line, reason });
    }
    bad.push({ line, reason });
  };
  const start = text.search(/\S/);
  if (start >= 0 && text[start] === "[") {
    let arr: unknown;
    try {
      arr = JSON.parse(text);
    } catch (e) {
      throw new JoustError("bad_request:import", `Invalid JSON array: ${(e as Error).message}`);
    }
    if (!Array.isArray(arr)) throw new JoustError("bad_request:import", "Expected a JSON array of battles.");
    arr.forEach((v, i) => {
      const b = toBattle(v);
      if (typeof b === "string") reject(i + 1, b);
      else battles.push(b);
    });
    return { bad, format: "json", count };
  }
  let lineNo = 0;
  let pos = 0;
  while (pos <= text.length) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    lineNo++;
    const line = text.slice(pos, end).trim();
    pos = end + 1;
    if (!line) continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      reject(lineNo, "not valid JSON");
      continue;
    }
    const b = toBattle(v);
    if (typeof b === "string") reject(lineNo, b);
    else battles.push(b);
  }
  return { bad, format: "jsonl", count };
}
