"use client";
import { useCallback, useEffect, useMemo, useState } from "react";
import { ModelsCustomForm } from "@/components/models-custom-form";
import { ModelsRow } from "@/components/models-row";
import { ModelsStorage } from "@/components/models-storage";
import { WebGPUReport } from "@/components/webgpu-report";
import { removeCustomModel } from "@/lib/db/custom-models";
import { db } from "@/lib/db/db";
import { catalogGroup, type CatalogGroup } from "@/lib/models/catalog";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { useModelCatalog } from "@/lib/models/use-model-catalog";
import { deleteModelCache, inspectModelCaches, type CacheInfo } from "@/lib/models/cache";
import { runnableHere } from "@/lib/models/runnable";
import { useAdapter } from "@/lib/models/use-adapter";

const GROUPS: Array<{ key: CatalogGroup; title: string; open: boolean }> = [
  { key: "test", title: "In-browser · built-in", open: true },
  { key: "transformers", title: "In-browser · transformers.js (Hugging Face Hub)", open: true },
  { key: "webllm", title: "In-browser · web-llm prebuilt (WebGPU)", open: false },
  { key: "custom", title: "In-browser · custom models", open: true },
  { key: "remote", title: "Remote (server)", open: true },
];

/** The Models page: WebGPU report, storage, the grouped catalog with cache management, custom models. */
export function ModelsView() {
  const { models, loading, error } = useModelCatalog();
  const adapterState = useAdapter();
  const adapter = adapterState.status === "ready" ? adapterState.adapter : null;
  const [caches, setCaches] = useState<Map<string, CacheInfo>>(new Map());
  const [cacheVersion, setCacheVersion] = useState(0);
  const refreshCaches = useCallback(() => setCacheVersion((v) => v + 1), []);

  useEffect(() => {
    let live = true;
    if (models.length)
      void inspectModelCaches(models).then(
        (m) => live && setCaches(m),
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [models, cacheVersion]);

  const grouped = useMemo(() => {
    const g = new Map<CatalogGroup, ModelDescriptor[]>();
    for (const m of models) g.set(catalogGroup(m), [...(g.get(catalogGroup(m)) ?? []), m]);
    return g;
  }, [models]);

  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-4 p-4">
      <h1 className="text-xl font-semibold">Models</h1>
      <WebGPUReport state={adapterState} />
      <ModelsStorage onCleared={refreshCaches} version={cacheVersion} />
      {error && (
        <p
          data-testid="remote-models-notice"
          data-code={error.code}
          className="rounded border border-amber-300 bg-amber-50 p-2 text-sm"
        >
          Remote models could not be listed ({error.message}); showing in-browser models only.
        </p>
      )}
      {loading && models.length === 0 && <p className="text-sm text-zinc-500">Loading the catalog…</p>}
      {adapterState.status === "ready" &&
        GROUPS.map(({ key, title, open }) => {
          const list = grouped.get(key) ?? [];
          if (list.length === 0 && key !== "custom") return null;
          return (
            <details key={key} open={open} data-testid={`model-group-${key}`} className="rounded border px-3 py-2">
              <summary className="cursor-pointer font-semibold">
                {title} ({list.length})
              </summary>
              {list.length === 0 ? (
                <p className="py-2 text-sm text-zinc-500">No custom models yet — add one below.</p>
              ) : (
                <ul>
                  {list.map((m) => (
                    <ModelsRow
                      key={m.id}
                      model={m}
                      runnable={runnableHere(m, adapter)}
                      cache={caches.get(m.id)}
                      onCacheChanged={refreshCaches}
                      onRemove={key === "custom" ? () => void removeCustom(m) : undefined}
                    />
                  ))}
                </ul>
              )}
            </details>
          );
        })}
      <ModelsCustomForm />
    </div>
  );
}

/** Removing a custom model also drops its downloaded files. */
async function removeCustom(m: ModelDescriptor): Promise<void> {
  await deleteModelCache(m).catch(() => 0);
  await removeCustomModel(db, m.id);
}
