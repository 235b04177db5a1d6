/**
 * The models a battle may use: configured remote models (GET /api/models) and the in-browser models
 * that can answer now — cached and runnable on this device's adapter (no battle starts a multi-GB
 * download); the test fixtures only when the server runs with JOUST_TEST_MODELS=1.
 */
import { useModelCatalog } from "@/lib/engines/use-model-catalog";
import { JoustError, type SerializedError } from "@/lib/errors";
import { localPool } from "@/lib/models/pool";
import { useAdapter } from "@/lib/models/use-adapter";
import { useCachedIds } from "@/lib/models/use-cached-ids";
import type { PublicModelInfo } from "@/lib/providers/types";
import { useEffect, useMemo, useState } from "react";
import type { ModelDescriptor } from "@/lib/engines/types";
import { listRemoteModels } from "./client";

export interface ArenaPool {
  loading: boolean;
  /** In-browser models ready on this device. */
  local: ModelDescriptor[];
  /** Remote models as the server lists them (with their arena settings); [] when the list failed. */
  remote: PublicModelInfo[];
  error?: SerializedError;
}

export function useArenaPool(): ArenaPool {
  const catalog = useModelCatalog();
  const adapter = useAdapter();
  const inBrowser = useMemo(() => catalog.models.filter((m) => m.backend !== "remote"), [catalog.models]);
  const { cachedIds } = useCachedIds(inBrowser);
  const [remote, setRemote] = useState<{ models: PublicModelInfo[]; error?: SerializedError }>();

  useEffect(() => {
    const ctrl = new AbortController();
    listRemoteModels(ctrl.signal)
      .then((models) => setRemote({ models }))
      .catch((e: unknown) => !ctrl.signal.aborted && setRemote({ models: [], error: JoustError.from(e, "offline:api").toJSON() }));
    return () => ctrl.abort();
  }, []);

  const ready = !catalog.loading && adapter.status === "ready" && cachedIds !== undefined;
  const adapterFacts = adapter.status === "ready" ? adapter.adapter : null;
  const key = ready ? `${inBrowser.map((m) => m.id).join(",")}|${[...cachedIds].join(",")}|${!!adapterFacts}|${catalog.testModels}` : "";
  const local = useMemo(
    () => (ready ? localPool({ models: inBrowser, cachedIds, adapter: adapterFacts, testModels: catalog.testModels }) : []),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );
  return { loading: !ready || remote === undefined, local, remote: remote?.models ?? [], error: remote?.error };
}
