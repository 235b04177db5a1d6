/**
 * The engine registry: the one place that turns a ModelDescriptor into a ChatEngine.
 * It caches the *loading promise*, so two panes asking for the same model share one
 * download and one worker. Engines never live in React state or Zustand.
 */
import { JoustError } from "@/lib/errors";
import { createEngine } from "./factories";
import type { ChatEngine, LoadProgress } from "./types";
import type { ModelDescriptor } from "@/lib/models/descriptor";

interface Entry {
  engine: ChatEngine;
  loading: Promise<ChatEngine>;
  listeners: Set<(p: LoadProgress) => void>;
  lastProgress?: LoadProgress;
}

const entries = new Map<string, Entry>();

/** Load (or join the load of) a model. `onProgress` also receives the latest progress seen so far. */
export function loadEngine(model: ModelDescriptor, onProgress?: (p: LoadProgress) => void): Promise<ChatEngine> {
  let entry = entries.get(model.id);
  if (!entry) {
    const engine = createEngine(model);
    const listeners = new Set<(p: LoadProgress) => void>();
    const created: Entry = { engine, listeners, loading: Promise.resolve(engine) };
    created.loading = engine
      .load((p) => {
        created.lastProgress = p;
        for (const l of listeners) l(p);
      })
      .then(() => engine)
      .catch((err: unknown) => {
        // A failed load is forgotten so the user can retry cleanly.
        if (entries.get(model.id) === created) entries.delete(model.id);
        void engine.unload().catch(() => undefined);
        throw JoustError.from(err, "internal:model");
      });
    entries.set(model.id, created);
    entry = created;
  }
  if (onProgress) {
    entry.listeners.add(onProgress);
    if (entry.lastProgress) onProgress(entry.lastProgress);
    const e = entry;
    void e.loading.finally(() => e.listeners.delete(onProgress)).catch(() => undefined);
  }
  return entry.loading;
}

/** The engine for a model if it was loaded or is loading, without starting a load. */
export function peekEngine(modelId: string): Promise<ChatEngine> | undefined {
  return entries.get(modelId)?.loading;
}

export async function unloadEngine(modelId: string): Promise<void> {
  const entry = entries.get(modelId);
  if (!entry) return;
  entries.delete(modelId);
  await entry.engine.unload().catch(() => undefined);
}

export async function unloadAll(): Promise<void> {
  await Promise.all([...entries.keys()].map(unloadEngine));
}

/** Models currently loaded or loading (ids). */
export function loadedModelIds(): string[] {
  return [...entries.keys()];
}
