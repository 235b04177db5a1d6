import "server-only";
import { JoustError } from "@/lib/errors";
import type { BattleSide, CreateBattleRequest, CreateBattleResponse } from "@/lib/arena/api-types";
import type { NewBattle } from "@/lib/votes/sql-store";
import type { ArenaDeps } from "./deps";
import { hashClientKey } from "./client-key";
import { checkLocalModels } from "./local-models";
import { drawPair, type Candidate, type PairRules } from "./pairing";
import { signToken } from "./token";

type LocalModel = CreateBattleRequest["localModels"][number];

/** The pool: available configured remote models + the in-browser models the client enabled. */
export async function battlePool(deps: ArenaDeps, localModels: LocalModel[]): Promise<Candidate[]> {
  const cfg = deps.config();
  const configured = await deps.listModels();
  checkLocalModels(localModels, new Set(configured.map((m) => m.name)), deps.testModels());
  const remote = configured
    .filter((m) => m.available)
    .map(
      (m): Candidate => ({
        id: `remote:${m.name}`,
        name: m.name,
        kind: "remote",
        weight: m.arena.weight,
        anonymousOnly: m.arena.anonymousOnly,
      }),
    );
  const seen = new Set(remote.map((m) => m.id));
  const local: Candidate[] = [];
  for (const m of localModels) {
    if (seen.has(m.id)) continue;
    seen.add(m.id);
    local.push({
      id: m.id,
      name: m.id,
      kind: "local",
      weight: cfg.localWeights[m.id] ?? 1,
      anonymousOnly: false,
      vramMB: m.vramMB,
    });
  }
  return [...remote, ...local];
}

function namedPair(pool: Candidate[], req: CreateBattleRequest): [Candidate, Candidate] {
  const find = (id: string) => {
    const m = pool.find((c) => c.id === id || (c.kind === "remote" && c.name === id));
    if (!m) throw new JoustError("not_found:model", `Model ${id} is not available for battles.`);
    if (m.anonymousOnly) throw new JoustError("forbidden:arena", `Model ${id} only takes part in anonymous battles.`);
    return m;
  };
  const a = find(req.modelA!);
  const b = find(req.modelB!);
  if (a.id === b.id) throw new JoustError("bad_request:arena", "Pick two different models.");
  return [a, b];
}

/** Two local sides run one after the other unless the client's budget fits both. */
export function isSequential(a: Candidate, b: Candidate, budgetMB?: number): boolean {
  if (a.kind !== "local" || b.kind !== "local") return false;
  if (budgetMB === undefined || a.vramMB === undefined || b.vramMB === undefined) return true;
  return a.vramMB + b.vramMB > budgetMB;
}

export async function createBattle(
  deps: ArenaDeps,
  req: CreateBattleRequest,
  clientKey: string | null,
): Promise<CreateBattleResponse> {
  const cfg = deps.config();
  const pool = await battlePool(deps, req.localModels);
  const store = await deps.store();
  await purgeNow(store, deps.now());
  let pair: [Candidate, Candidate] | null;
  if (req.mode === "named" && (req.modelA || req.modelB)) {
    if (!req.modelA || !req.modelB)
      throw new JoustError("bad_request:arena", "Named battles need both modelA and modelB.");
    pair = namedPair(pool, req);
  } else {
    if (req.modelA || req.modelB)
      throw new JoustError("bad_request:arena", "Anonymous battles cannot pick their models.");
    const rules: PairRules = {
      mode: req.mode,
      battleTargets: cfg.battleTargets,
      neverPair: cfg.neverPair,
      allowTwoLocal: Boolean(req.allowTwoLocal || req.localBudgetMB !== undefined),
    };
    pair = drawPair(pool, rules, deps.rng);
  }
  if (!pair) throw new JoustError("unavailable:arena", "Not enough models available for a battle: enable more models.");
  const [a, b] = pair;
  const sequential = isSequential(a, b, req.localBudgetMB);
  const id = deps.newId();
  const expiresAt = deps.now() + cfg.tokenTtlMs;
  const battle: NewBattle = {
    id,
    mode: req.mode,
    model_a: a.name,
    model_b: b.name,
    expiresAt,
    clientKey: clientKey === null ? null : hashClientKey(deps.secret(), clientKey),
    // A browser-run side's text never passes through the server: its votes are client-attested.
    params: { sides: { a: a.kind, b: b.kind }, sequential, clientAttested: a.kind === "local" || b.kind === "local" },
  };
  await store.createBattles([battle]);
  return {
    battleId: id,
    token: signToken(deps.secret(), id, expiresAt),
    expiresAt,
    mode: req.mode,
    sides: { a: sideOf(a, req), b: sideOf(b, req) },
    sequential,
  };
}

function sideOf(c: Candidate, req: CreateBattleRequest): BattleSide {
  if (c.kind === "remote") return req.mode === "named" ? { kind: "remote", model: c.name } : { kind: "remote" };
  const d = req.localModels.find((m) => m.id === c.id)!;
  return { kind: "local", model: { id: d.id, backend: d.backend, displayName: d.displayName } };
}

const PURGE_EVERY_MS = 60_000;
const lastPurge = new WeakMap<object, number>();
/** Expired, unvoted battles are deleted (at most once a minute per store, on battle creation). */
async function purgeNow(store: Awaited<ReturnType<ArenaDeps["store"]>>, now: number): Promise<void> {
  if (now - (lastPurge.get(store) ?? -Infinity) < PURGE_EVERY_MS) return;
  lastPurge.set(store, now);
  await store
    .purgeExpiredBattles(now)
    .catch((err: unknown) => console.error("[arena] purge of expired battles failed:", err));
}
