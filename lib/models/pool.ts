/**
 * Which models can answer *now*: the anonymous arena's pool and the "ready on this device" test.
 * Remote models count when the server says they are available (and the arena weighs them above 0);
 * in-browser models count when they run on this device's adapter and their weights are already
 * cached (no battle starts a multi-GB download). Test fixtures count only when tests turn them on.
 * Pure: callers pass the cache and adapter facts in.
 */
import { isTestModel } from "@/lib/models/catalog";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import type { AdapterFacts } from "@/lib/engines/webllm/compat";
import type { PublicModelInfo } from "@/lib/providers/types";
import { runnableHere } from "./runnable";

export interface LocalPoolInput {
  /** Every in-browser catalog model (remote descriptors are ignored). */
  models: ModelDescriptor[];
  /** Ids whose weights are in this browser's caches. */
  cachedIds: ReadonlySet<string>;
  adapter: AdapterFacts | null;
  /** `JOUST_TEST_MODELS=1`: the fixtures (generated tiny model, fake engines) need no download. */
  testModels: boolean;
}

/** Can this in-browser model answer right now, without downloading anything? */
export function localReady(m: ModelDescriptor, input: Omit<LocalPoolInput, "models">): boolean {
  if (m.backend === "remote") return false;
  if (isTestModel(m)) return input.testModels;
  return input.cachedIds.has(m.id) && runnableHere(m, input.adapter).ok;
}

/** In-browser models ready on this device, in catalog order, without duplicates. */
export function localPool(input: LocalPoolInput): ModelDescriptor[] {
  const seen = new Set<string>();
  return input.models.filter((m) => localReady(m, input) && !seen.has(m.id) && (seen.add(m.id), true));
}

/** Remote models an anonymous battle may draw: available, with a positive arena weight. */
export function remotePool(remote: PublicModelInfo[]): PublicModelInfo[] {
  return remote.filter((m) => m.available && m.arena.weight > 0);
}

export type PoolShortfall = { remote: number; local: number } | null;

/** Fewer than two models can answer → what there is (for the explanation); enough → null. */
export function poolShortfall(remote: number, local: number): PoolShortfall {
  return remote + local >= 2 ? null : { remote, local };
}
