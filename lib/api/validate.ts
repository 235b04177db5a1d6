import type { z } from "zod";
import { JoustError } from "@/lib/errors";

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`)).join("");
}

/** zod parse → `bad_request:api` naming the bad parameter (OpenAI's `param`). */
export function parseWith<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const param = pathText(issue.path);
  throw new JoustError(
    "bad_request:api",
    param ? `Invalid '${param}': ${issue.message}` : issue.message,
    param ? { param } : undefined,
  );
}
