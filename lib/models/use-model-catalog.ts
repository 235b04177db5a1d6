/**
 * useModelCatalog(): every model a picker can offer — built-in, transformers.js Hub, web-llm
 * prebuilt, custom (Dexie, live) and remote (GET /api/models; on failure, local only + error).
 */
import { useLiveQuery } from "dexie-react-hooks";
import { useCallback, useEffect, useMemo, useState } from "react";
import { listCustomModels } from "@/lib/db/custom-models";
import { db } from "@/lib/db/db";
import type { SerializedError } from "@/lib/errors";
import { buildCatalog, fetchRemoteModels, type RemoteModelsResult } from "./catalog";
import type { ModelDescriptor } from "@/lib/models/descriptor";

export interface ModelCatalog {
  models: ModelDescriptor[];
  loading: boolean;
  /** GET /api/models failed: `models` holds in-browser models only. */
  error?: SerializedError;
  /** The server lists test fixtures (`JOUST_TEST_MODELS=1`). */
  testModels: boolean;
  refresh: () => void;
}

export function useModelCatalog(): ModelCatalog {
  const custom = useLiveQuery(() => listCustomModels(db), []);
  const [remote, setRemote] = useState<RemoteModelsResult>();
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const ac = new AbortController();
    fetchRemoteModels({ signal: ac.signal }).then(setRemote, () => undefined);
    return () => ac.abort();
  }, [tick]);

  // Built on the client only (localStorage decides the fake models), so SSR renders the loading state.
  const models = useMemo(
    () =>
      custom === undefined && remote === undefined
        ? []
        : buildCatalog({ custom: custom ?? [], remote: remote?.models ?? [], testModels: remote?.testModels }),
    [custom, remote],
  );
  const refresh = useCallback(() => setTick((t) => t + 1), []);
  return {
    models,
    loading: custom === undefined || remote === undefined,
    error: remote?.error,
    testModels: remote?.testModels ?? false,
    refresh,
  };
}
