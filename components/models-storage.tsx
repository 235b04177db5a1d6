"use client";
import { useCallback, useEffect, useState } from "react";
import { clearAllModelCaches } from "@/lib/models/cache";
import { formatBytes } from "@/lib/models/download";

/** Storage estimate, "Persist storage" and "Clear all cached models". */
export function ModelsStorage({ onCleared, version }: { onCleared: () => void; version: number }) {
  const [estimate, setEstimate] = useState<StorageEstimate | null>(null);
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const [persistResult, setPersistResult] = useState<string>("");
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    if (!navigator.storage?.estimate) return;
    setEstimate(await navigator.storage.estimate());
    setPersisted(navigator.storage.persisted ? await navigator.storage.persisted() : null);
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh, version]);

  async function persist() {
    if (!navigator.storage?.persist) return setPersistResult("This browser cannot persist storage.");
    const granted = await navigator.storage.persist();
    setPersistResult(
      granted
        ? "Storage is persistent: the browser will not evict cached models."
        : "The browser declined to persist storage (it may evict cached models under pressure).",
    );
    void refresh();
  }

  async function clearAll() {
    if (!confirm("Delete every cached model file?")) return;
    setBusy(true);
    try {
      await clearAllModelCaches();
      onCleared();
      await refresh();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section data-testid="models-storage" className="flex flex-wrap items-center gap-3 rounded border p-3 text-sm">
      <span data-testid="storage-estimate">
        Storage: {estimate ? `${formatBytes(estimate.usage)} used of ${formatBytes(estimate.quota)}` : "unknown"}
        {persisted !== null ? ` · ${persisted ? "persistent" : "best-effort"}` : ""}
      </span>
      <button
        type="button"
        data-testid="persist-storage"
        onClick={() => void persist()}
        className="rounded border px-2 py-1 hover:bg-zinc-50"
      >
        Persist storage
      </button>
      <button
        type="button"
        data-testid="clear-all-models"
        disabled={busy}
        onClick={() => void clearAll()}
        className="rounded border border-red-300 px-2 py-1 text-red-700 hover:bg-red-50 disabled:opacity-50"
      >
        Clear all cached models
      </button>
      {persistResult && (
        <span data-testid="persist-result" className="text-zinc-600">
          {persistResult}
        </span>
      )}
    </section>
  );
}
