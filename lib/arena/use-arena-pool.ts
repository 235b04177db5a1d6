/**
 * The models a battle may use. In-browser: those that can answer now — cached and runnable on this
 * device's adapter (no battle starts a multi-GB download); the test fixtures only when the server runs
 * with JOUST_TEST_MODELS=1. Remote: a named battle lists them (GET /api/models); an anonymous one only
 * counts them (GET /api/models/pool), so no remote name reaches the page before the vote.
 */
import { useLiveQuery } from "dexie-react-hooks";
import { useEffect, useMemo, useState } from "react";
import { listCustomModels } from "@/lib/db/custom-models";
import { db } from "@/lib/db/db";
import { buildCatalog } from "@/lib/models/catalog";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { fetchJson, JoustError, type SerializedError } from "@/lib/errors";
import { localPool } from "@/lib/models/pool";
import { useAdapter } from "@/lib/models/use-adapter";
import { useCachedIds } from "@/lib/models/use-cached-ids";
import type { PublicModelInfo } from "@/lib/providers/types";

export interface ArenaPool {
  loading: boolean;
  /** In-browser models ready on this device. */
  local: ModelDescriptor[];
  /** Named battles: the remote models as the server lists them; anonymous: []. */
  remote: PublicModelInfo[];
  /** Remote models an anonymous battle may draw now. */
  remoteCount: number;
  error?: SerializedError;
}

interface ServerView {
  remote: PublicModelInfo[];
  remoteCount: number;
  testModels: boolean;
  error?: SerializedError;
}

async function readServer(mode: "anonymous" | "named", signal: AbortSignal): Promise<ServerView> {
  if (mode === "anonymous") {
    const r = await fetchJson<{ remote: number; testModels?: boolean }>("/api/models/pool", { signal });
    return { remote: [], remoteCount: r.remote, testModels: r.testModels === true };
  }
  const r = await fetchJson<{ models: PublicModelInfo[]; testModels?: boolean }>("/api/models", { signal });
  return {
    remote: r.models,
    remoteCount: r.models.filter((m) => m.available && !m.arena.anonymousOnly).length,
    testModels: r.testModels === true,
  };
}

export function useArenaPool(mode: "anonymous" | "named"): ArenaPool {
  const custom = useLiveQuery(() => listCustomModels(db), []);
  const adapter = useAdapter();
  const [server, setServer] = useState<ServerView>();

  useEffect(() => {
    const ctrl = new AbortController();
    readServer(mode, ctrl.signal).then(setServer, (e: unknown) => {
      if (!ctrl.signal.aborted)
        setServer({ remote: [], remoteCount: 0, testModels: false, error: JoustError.from(e, "offline:api").toJSON() });
    });
    return () => ctrl.abort();
  }, [mode]);

  const testModels = server?.testModels ?? false;
  const inBrowser = useMemo(
    () => (custom === undefined || !server ? [] : buildCatalog({ custom, testModels })),
    [custom, server, testModels],
  );
  const { cachedIds } = useCachedIds(inBrowser);
  const ready = server !== undefined && custom !== undefined && adapter.status === "ready" && cachedIds !== undefined;
  const adapterFacts = adapter.status === "ready" ? adapter.adapter : null;
  const key = ready
    ? `${inBrowser.map((m) => m.id).join(",")}|${[...cachedIds].join(",")}|${!!adapterFacts}|${testModels}`
    : "";
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the inputs (new arrays and sets each render)
  const local = useMemo(
    () => (ready ? localPool({ models: inBrowser, cachedIds, adapter: adapterFacts, testModels }) : []),
    [key],
  );
  return {
    loading: !ready,
    local,
    remote: server?.remote ?? [],
    remoteCount: server?.remoteCount ?? 0,
    error: server?.error,
  };
}
