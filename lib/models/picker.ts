/**
 * The model picker's list: every catalog model grouped as Ready on this device / Downloadable / Remote,
 * recent ones first in each group, filtered by a search. Pure: callers pass the device facts in.
 */
import { isTestModel } from "@/lib/models/catalog";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import type { AdapterFacts } from "@/lib/engines/webllm/compat";
import { approxBytes } from "./first-run";
import { localReady } from "./pool";
import { runnableHere, type Runnable } from "./runnable";

export type PickerGroupId = "ready" | "downloadable" | "remote";

export const PICKER_GROUP_LABELS: Record<PickerGroupId, string> = {
  ready: "Ready on this device",
  downloadable: "Downloadable",
  remote: "Remote (on the server)",
};

export interface PickerItem {
  model: ModelDescriptor;
  group: PickerGroupId;
  runnable: Runnable;
  cached: boolean;
  recent: boolean;
}

export interface PickerGroup {
  id: PickerGroupId;
  items: PickerItem[];
}

export interface PickerFacts {
  cachedIds: ReadonlySet<string>;
  adapter: AdapterFacts | null;
  /** Most recent first. */
  recent: readonly string[];
}

/** Does every word of the query appear in the model's name, id, provider or backend? */
export function matchesQuery(m: ModelDescriptor, query: string): boolean {
  const hay = `${m.displayName} ${m.id} ${m.provider ?? ""} ${m.backend}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

export function pickerGroups(models: ModelDescriptor[], facts: PickerFacts, query = ""): PickerGroup[] {
  const rank = new Map(facts.recent.map((id, i) => [id, i]));
  // Listed test fixtures are on (the catalog lists them only with JOUST_TEST_MODELS=1): they are ready.
  const ready = { cachedIds: facts.cachedIds, adapter: facts.adapter, testModels: true };
  const items = models
    .filter((m) => matchesQuery(m, query))
    .map((m): PickerItem => {
      const group: PickerGroupId =
        m.backend === "remote" ? "remote" : localReady(m, ready) || isTestModel(m) ? "ready" : "downloadable";
      return {
        model: m,
        group,
        runnable: runnableHere(m, facts.adapter),
        cached: facts.cachedIds.has(m.id),
        recent: rank.has(m.id),
      };
    });
  const order = (a: PickerItem, b: PickerItem) =>
    (rank.get(a.model.id) ?? Infinity) - (rank.get(b.model.id) ?? Infinity) ||
    Number(b.runnable.ok) - Number(a.runnable.ok) ||
    (a.group === "downloadable" ? (approxBytes(a.model) ?? Infinity) - (approxBytes(b.model) ?? Infinity) : 0);
  return (["ready", "remote", "downloadable"] as const)
    .map((id) => ({ id, items: items.filter((i) => i.group === id).sort(order) }))
    .filter((g) => g.items.length > 0);
}

/** The ids the picker can select, in display order (arrow keys walk this). */
export function selectableIds(groups: PickerGroup[]): string[] {
  return groups.flatMap((g) => g.items.filter((i) => i.runnable.ok).map((i) => i.model.id));
}

/** The recent-models list after using `id` (most recent first, at most `max`). */
export function pushRecent(recent: readonly string[], id: string, max = 8): string[] {
  return [id, ...recent.filter((r) => r !== id)].slice(0, max);
}
