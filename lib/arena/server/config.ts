import "server-only";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { env } from "@/lib/env";
import { pairKey } from "./pair-key";

/**
 * The arena section of joust.config.json (the rest of the file belongs to lib/providers):
 *   { "arena": { "battleTargets": { "m": ["x", "y"] }, "neverPairWith": [["a", "b"]] | { "a": ["b"] },
 *                "tokenTtlSeconds": 86400, "voteRateLimit": { "perSecond": 200, "burst": 1000 },
 *                "battleRateLimit": { "perSecond": 20, "burst": 200 },
 *                "localWeights": { "transformers:tiny": 1 },
 *                "countClientAttestedVotes": false },
 *     "models": [{ "name": "a", "arena": { "neverPairWith": ["b"] } }] }
 * Unknown keys are ignored; a missing or unreadable file means defaults.
 */
const pairList = z.union([z.array(z.tuple([z.string(), z.string()])), z.record(z.string(), z.array(z.string()))]);
const schema = z.object({
  arena: z
    .object({
      battleTargets: z.record(z.string(), z.array(z.string())).optional(),
      neverPairWith: pairList.optional(),
      tokenTtlSeconds: z.number().int().positive().optional(),
      voteRateLimit: z.object({ perSecond: z.number().positive(), burst: z.number().positive() }).optional(),
      battleRateLimit: z.object({ perSecond: z.number().positive(), burst: z.number().positive() }).optional(),
      streamRateLimit: z.object({ perSecond: z.number().positive(), burst: z.number().positive() }).optional(),
      localWeights: z.record(z.string(), z.number().nonnegative()).optional(),
      countClientAttestedVotes: z.boolean().optional(),
    })
    .optional(),
  models: z
    .array(
      z
        .object({
          name: z.string(),
          arena: z
            .object({ neverPairWith: z.array(z.string()).optional() })
            .loose()
            .optional(),
        })
        .loose(),
    )
    .optional(),
});

export interface ArenaConfig {
  battleTargets: Record<string, string[]>;
  /** Unordered pairs that must never meet, as "a\u0000b" keys (both orders present). */
  neverPair: Set<string>;
  tokenTtlMs: number;
  /** Per client: votes per second (cost = votes in the batch) and battles per second. */
  voteRate: { perSecond: number; burst: number };
  battleRate: { perSecond: number; burst: number };
  /** Per client: remote side streams per second (each spends provider keys). */
  streamRate: { perSecond: number; burst: number };
  localWeights: Record<string, number>;
  /**
   * Whether the leaderboard rates votes of battles with a browser-run side. The server never sees that
   * side's text, so such votes are only as honest as the client: off unless the operator turns it on.
   */
  countClientAttested: boolean;
}

export const DEFAULT_TOKEN_TTL_S = 24 * 3600;

export function parseArenaConfig(raw: unknown): ArenaConfig {
  const parsed = schema.safeParse(raw);
  const cfg = parsed.success ? parsed.data : {};
  const neverPair = new Set<string>();
  const add = (a: string, b: string) => {
    neverPair.add(pairKey(a, b));
    neverPair.add(pairKey(b, a));
  };
  const np = cfg.arena?.neverPairWith;
  if (Array.isArray(np)) for (const [a, b] of np) add(a, b);
  else if (np) for (const [a, list] of Object.entries(np)) for (const b of list) add(a, b);
  for (const m of cfg.models ?? []) for (const b of m.arena?.neverPairWith ?? []) add(m.name, b);
  return {
    battleTargets: cfg.arena?.battleTargets ?? {},
    neverPair,
    tokenTtlMs: (cfg.arena?.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_S) * 1000,
    voteRate: cfg.arena?.voteRateLimit ?? { perSecond: 200, burst: 1000 },
    battleRate: cfg.arena?.battleRateLimit ?? { perSecond: 20, burst: 200 },
    streamRate: cfg.arena?.streamRateLimit ?? { perSecond: 10, burst: 100 },
    localWeights: cfg.arena?.localWeights ?? {},
    countClientAttested: cfg.arena?.countClientAttestedVotes ?? false,
  };
}

let cached: { path: string; config: ArenaConfig } | undefined;
export function arenaConfig(): ArenaConfig {
  const path = env().JOUST_CONFIG;
  if (cached?.path === path) return cached.config;
  let raw: unknown = {};
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    raw = {};
  }
  cached = { path, config: parseArenaConfig(raw) };
  return cached.config;
}

export function resetArenaConfigCache(): void {
  cached = undefined;
}
