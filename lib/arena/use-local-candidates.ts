/**
 * The in-browser models that may take part in battles: the built-in ones, the user's custom models,
 * and every catalog model already downloaded to this browser (no battle starts a multi-GB download).
 */
import { useLiveQuery } from "dexie-react-hooks";
import { useEffect, useMemo, useState } from "react";
import { listCustomModels } from "@/lib/db/custom-models";
import { db } from "@/lib/db/db";
import { buildCatalog, builtinLocalModels } from "@/lib/models/catalog";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { inspectModelCaches } from "@/lib/models/cache";

export function useLocalCandidates(): ModelDescriptor[] {
  const custom = useLiveQuery(() => listCustomModels(db), []);
  const [cachedIds, setCachedIds] = useState<string[]>([]);

  useEffect(() => {
    let live = true;
    const downloadable = buildCatalog().filter((m) => m.backend !== "remote" && m.backend !== "fake");
    inspectModelCaches(downloadable)
      .then((info) => live && setCachedIds([...info].filter(([, i]) => i.cached).map(([id]) => id)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  const key = `${(custom ?? []).map((m) => m.id).join(",")}|${cachedIds.join(",")}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the ids in `custom` and `cachedIds`, which are new arrays on every live-query tick.
  return useMemo(() => {
    const cached = buildCatalog({ custom: custom ?? [] }).filter((m) => cachedIds.includes(m.id));
    const all = [...builtinLocalModels(), ...(custom ?? []), ...cached];
    const seen = new Set<string>();
    return all.filter((m) => (seen.has(m.id) ? false : (seen.add(m.id), true)));
  }, [key]);
}
