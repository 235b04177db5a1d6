/**
 * JSON Lines reading with line-numbered errors: a bad line is named by its number and
 * nothing is half-imported (the whole file is rejected). Blank lines are skipped.
 */
import type { z } from "zod";
import { JoustError } from "@/lib/errors";

/** A file that could not be read, naming the file and the 1-based line. */
export class EvalFileError extends JoustError {
  constructor(
    readonly file: string,
    readonly line: number,
    reason: string,
  ) {
    super("bad_request:import", `${file}: line ${line}: ${reason}`, { file, line });
    this.name = "EvalFileError";
  }
}

function zodReason(err: z.ZodError): string {
  const i = err.issues[0];
  const path = i.path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
  return path ? `${path}: ${i.message}` : i.message;
}

/** Parses every non-blank line with `schema`; throws EvalFileError on the first bad line. */
export function parseJsonl<T>(text: string, file: string, schema: z.ZodType<T>): T[] {
  return parseJsonlLines(text, file, schema).map((r) => r.value);
}

/** As parseJsonl, keeping each record's 1-based line number (for later checks that name the line). */
export function parseJsonlLines<T>(
  text: string,
  file: string,
  schema: z.ZodType<T>,
): Array<{ line: number; value: T }> {
  const out: Array<{ line: number; value: T }> = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (err) {
      throw new EvalFileError(file, i + 1, `invalid JSON (${(err as Error).message})`);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new EvalFileError(file, i + 1, zodReason(parsed.error));
    out.push({ line: i + 1, value: parsed.data });
  });
  return out;
}

/** Serialises records as JSON Lines (one object per line, trailing newline). */
export function toJsonl(records: readonly unknown[]): string {
  return records.map((r) => JSON.stringify(r)).join("\n") + (records.length ? "\n" : "");
}
