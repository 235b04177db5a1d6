import type { PublicModelInfo } from "@/lib/providers/types";
import type { LeaderboardModel, ModelKind } from "./types";

/** Engines whose models run in the browser (model ids are `engine:…`). */
const IN_BROWSER_ENGINES = new Set(["transformers", "webllm", "fake", "custom"]);

/** What the board says of a model beside its numbers: where it runs (configured, in-browser or imported) and who made it. */
export function modelInfo(publicModels: PublicModelInfo[]) {
  const info = new Map(publicModels.map((m) => [m.name, m]));
  return (model: string): Pick<LeaderboardModel, "kind" | "provider" | "organization" | "license"> => {
    const remote = info.get(model);
    const engine = model.includes(":") ? model.split(":")[0] : null;
    const kind: ModelKind = remote ? "remote" : engine && IN_BROWSER_ENGINES.has(engine) ? "in-browser" : "imported";
    return {
      kind,
      provider: remote ? remote.provider : kind === "in-browser" ? engine : null,
      organization: remote?.organization ?? null,
      license: remote?.license ?? null,
    };
  };
}
