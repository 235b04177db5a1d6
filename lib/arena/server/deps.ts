import "server-only";
import { randomUUID } from "node:crypto";
import { listPublicModels, streamChat } from "@/lib/providers";
import type { PublicModelInfo, StreamChat } from "@/lib/providers/types";
import { readyVoteStore } from "@/lib/votes/store";
import type { SqlVoteStore } from "@/lib/votes/sql-store";
import { arenaConfig, type ArenaConfig } from "./config";
import type { Rng } from "./pairing";
import { battleSecret } from "./token";

/** Everything the arena services touch from outside, injectable for tests. */
export interface ArenaDeps {
  store(): Promise<SqlVoteStore>;
  listModels(): Promise<PublicModelInfo[]>;
  streamChat: StreamChat;
  config(): ArenaConfig;
  secret(): string;
  now(): number;
  rng: Rng;
  newId(): string;
}

export function defaultDeps(): ArenaDeps {
  return {
    store: () => readyVoteStore(),
    listModels: listPublicModels,
    streamChat,
    config: arenaConfig,
    secret: battleSecret,
    now: Date.now,
    rng: Math.random,
    newId: randomUUID,
  };
}
