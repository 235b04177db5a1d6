import { z } from "zod";
import type { LeaderboardQuery } from "@/lib/leaderboard/types";

const flag = (fallback: boolean) =>
  z
    .enum(["1", "0", "true", "false"])
    .optional()
    .transform((v) => (v === undefined ? fallback : v === "1" || v === "true"));

/** Bootstrap rounds cost time in proportion: 200 gives stable intervals (FastChat uses 100). */
export const MAX_ROUNDS = 200;
export const TIME_BUCKET_S = 3600;

/** Empty string = unset; a number = seconds since epoch; otherwise an ISO date/time. */
const time = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === "") return undefined;
    const n = /^\d+(\.\d+)?$/.test(v) ? Number(v) : Date.parse(v) / 1000;
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: "custom", message: `not a date or epoch seconds: ${v}` });
      return z.NEVER;
    }
    return n;
  });

export const leaderboardQuerySchema = z
  .object({
    anony: flag(true),
    excludeTies: flag(false),
    minBattles: z.coerce.number().int().min(0).max(1_000_000).default(0),
    from: time,
    to: time,
    rounds: z.coerce.number().int().min(0).max(MAX_ROUNDS).default(100),
    style: flag(true),
    category: z
      .string()
      .max(64)
      .regex(/^[a-z0-9_ -]*$/, "a category name: lower-case letters, digits, _ and -")
      .default(""),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: "from must not be after to",
    path: ["from"],
  })
  // Times are bucketed to whole hours (from down, to up): a flood of distinct `from` values maps onto
  // few cache entries instead of one computation each.
  .transform((q): LeaderboardQuery => ({ ...q, from: bucket(q.from, Math.floor), to: bucket(q.to, Math.ceil) }));

const bucket = (t: number | undefined, round: (x: number) => number) =>
  t === undefined ? undefined : round(t / TIME_BUCKET_S) * TIME_BUCKET_S;

export function parseLeaderboardQuery(params: URLSearchParams) {
  return leaderboardQuerySchema.safeParse(Object.fromEntries(params));
}
