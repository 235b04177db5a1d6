/** Browser client for the arena HTTP contract (lib/arena/api-types.ts) and the public model list. */
import { fetchJson } from "@/lib/errors";
import type { PublicModelInfo } from "@/lib/providers/types";
import type { CreateBattleRequest, CreateBattleResponse } from "./api-types";

export function createBattle(req: CreateBattleRequest, signal?: AbortSignal): Promise<CreateBattleResponse> {
  return fetchJson<CreateBattleResponse>("/api/arena/battles", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(req),
    signal,
  });
}

/** Remote models as the server lists them (GET /api/models); ids in Joust are "remote:<name>". */
export async function listRemoteModels(signal?: AbortSignal): Promise<PublicModelInfo[]> {
  const { models } = await fetchJson<{ models: PublicModelInfo[] }>("/api/models", { signal });
  return models;
}

export function remoteModelId(name: string): string {
  return `remote:${name}`;
}
