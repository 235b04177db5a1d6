/** The ids of the given in-browser models whose weights are in this browser's caches (undefined while checking). */
import { useCallback, useEffect, useState } from "react";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { inspectModelCaches } from "./cache";

export function useCachedIds(models: ModelDescriptor[]): {
  cachedIds: ReadonlySet<string> | undefined;
  refresh: () => void;
} {
  const [cachedIds, setCachedIds] = useState<ReadonlySet<string>>();
  const [tick, setTick] = useState(0);
  const key = models.map((m) => m.id).join("\n");

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `models` (a new array each render)
  useEffect(() => {
    let live = true;
    const local = models.filter((m) => m.backend === "webllm" || m.backend === "transformers");
    inspectModelCaches(local)
      .then((info) => live && setCachedIds(new Set([...info].filter(([, i]) => i.cached).map(([id]) => id))))
      .catch(() => live && setCachedIds(new Set()));
    return () => {
      live = false;
    };
  }, [key, tick]);

  const refresh = useCallback(() => setTick((t) => t + 1), []);
  return { cachedIds, refresh };
}
