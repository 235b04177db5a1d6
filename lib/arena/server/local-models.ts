import "server-only";
import type { CreateBattleRequest } from "@/lib/arena/api-types";
import { JoustError } from "@/lib/errors";
import { isTestModel } from "@/lib/models/test-models";

type LocalModel = CreateBattleRequest["localModels"][number];

/** `webllm:…`, `transformers:…`, `fake:…`, or a user's `custom:webllm:…` / `custom:transformers:…`. */
const ID = /^(?:custom:)?(webllm|transformers|fake):\S/;

/**
 * Checks the in-browser models a client declares before any of them can enter a battle: the id must be of
 * an in-browser kind whose prefix is its own backend (so a declared model can never carry a configured
 * remote model's name onto the leaderboard), and test models only when the server runs with test models on.
 */
export function checkLocalModels(models: LocalModel[], remoteNames: ReadonlySet<string>, testModels: boolean): void {
  for (const m of models) {
    const kind = ID.exec(m.id)?.[1];
    if (m.backend === "remote" || kind !== m.backend || remoteNames.has(m.id)) {
      throw new JoustError(
        "bad_request:arena",
        `In-browser model ids start with their engine ("webllm:", "transformers:", "custom:…"): ${JSON.stringify(m.id)} is not one.`,
      );
    }
    if (!testModels && isTestModel(m)) {
      throw new JoustError(
        "forbidden:arena",
        `${m.id} is a test model; this server does not accept test models in battles.`,
      );
    }
  }
}
