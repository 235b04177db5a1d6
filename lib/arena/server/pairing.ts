/**
 * Battle pair sampling, after FastChat's `get_battle_pair`: model A by weight, then a rival by weight
 * among the models allowed to meet it (never itself, never a configured never-pair, at most one
 * in-browser model unless two fit), with A's battle targets boosted to half of the rival mass.
 * Pure: the RNG is injected so tests can seed it.
 */
import { pairKey } from "./pair-key";

export interface Candidate {
  /** The id the browser uses ("remote:<name>" or the local model id). */
  id: string;
  /** The name stored with votes and used by config rules (remote: configured name; local: its id). */
  name: string;
  kind: "local" | "remote";
  weight: number;
  anonymousOnly: boolean;
  vramMB?: number;
}

export interface PairRules {
  mode: "anonymous" | "named";
  battleTargets: Record<string, string[]>;
  neverPair: Set<string>;
  allowTwoLocal: boolean;
}

export type Rng = () => number;

/** Deterministic 32-bit RNG (mulberry32) for tests and reproducible draws. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function canMeet(a: Candidate, b: Candidate, rules: PairRules): boolean {
  if (a.name === b.name || a.id === b.id) return false;
  if (rules.neverPair.has(pairKey(a.name, b.name))) return false;
  if (a.kind === "local" && b.kind === "local" && !rules.allowTwoLocal) return false;
  return true;
}

function eligible(pool: Candidate[], rules: PairRules): Candidate[] {
  return pool.filter((m) => m.weight > 0 && !(rules.mode === "named" && m.anonymousOnly));
}

/** The weights of A's possible rivals (targets boosted). Exported for tests. */
export function rivalWeights(a: Candidate, pool: Candidate[], rules: PairRules): Array<[Candidate, number]> {
  const rivals = eligible(pool, rules).filter((b) => canMeet(a, b, rules));
  const targets = new Set(rules.battleTargets[a.name] ?? []);
  const tgt = rivals.filter((b) => targets.has(b.name));
  const rest = rivals.filter((b) => !targets.has(b.name));
  const restMass = rest.reduce((s, b) => s + b.weight, 0);
  if (!tgt.length || restMass === 0) return rivals.map((b) => [b, b.weight]);
  // FastChat: targets together get as much probability as all other rivals (half of it).
  return [
    ...tgt.map((b): [Candidate, number] => [b, restMass / tgt.length]),
    ...rest.map((b): [Candidate, number] => [b, b.weight]),
  ];
}

function pick<T>(items: Array<[T, number]>, rng: Rng): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1][0];
}

/** Draws [left, right], or null when the pool cannot make a valid pair. */
export function drawPair(pool: Candidate[], rules: PairRules, rng: Rng = Math.random): [Candidate, Candidate] | null {
  const firsts = eligible(pool, rules).filter((a) => rivalWeights(a, pool, rules).length > 0);
  if (!firsts.length) return null;
  const a = pick(
    firsts.map((m): [Candidate, number] => [m, m.weight]),
    rng,
  );
  const b = pick(rivalWeights(a, pool, rules), rng);
  return rng() < 0.5 ? [a, b] : [b, a];
}
