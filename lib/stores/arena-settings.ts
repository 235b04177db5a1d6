/** Arena UI settings (persisted in localStorage): which in-browser models may battle, generation parameters. */
import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import type { GenerationParams } from "@/lib/db/client-db";

export interface ArenaSettings {
  /** Ids of in-browser models allowed in anonymous battles; null = every built-in one (never chosen yet). */
  enabledLocalIds: string[] | null;
  params: Pick<GenerationParams, "temperature" | "max_tokens">;
}

export const DEFAULT_ARENA_SETTINGS: ArenaSettings = {
  enabledLocalIds: null,
  params: { temperature: 0.7, max_tokens: 256 },
};

export const useArenaSettings = create<ArenaSettings>()(
  persist(() => ({ ...DEFAULT_ARENA_SETTINGS }), {
    name: "joust:arena-settings",
    storage: createJSONStorage(() => localStorage),
    version: 1,
  }),
);

/** Enable/disable one model; `allIds` resolves the "all enabled" default. */
export function toggleLocalModel(id: string, enabled: boolean, allIds: string[]): void {
  useArenaSettings.setState((s) => {
    const current = new Set(s.enabledLocalIds ?? allIds);
    if (enabled) current.add(id);
    else current.delete(id);
    return { enabledLocalIds: allIds.filter((m) => current.has(m)) };
  });
}

export function setArenaParams(params: ArenaSettings["params"]): void {
  useArenaSettings.setState((s) => ({ params: { ...s.params, ...params } }));
}

export function resetArenaSettings(): void {
  useArenaSettings.setState({ ...DEFAULT_ARENA_SETTINGS });
}
