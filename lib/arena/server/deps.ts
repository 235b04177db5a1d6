import "server-only";
import { randomUUID } from "node:crypto";
import { listPublicModels, streamChat } from "@/lib/providers/remote-chat";
import type { PublicModelInfo, StreamChat } from "@/lib/providers/types";
import { getHardPromptTagger, type HardPromptTagger } from "@/lib/leaderboard/hard-prompt";
import { getVoteStore, readyVoteStore } from "@/lib/votes/store";
import type { SqlVoteStore } from "@/lib/votes/sql-store";
import { arenaConfig, type ArenaConfig } from "./config";
import type { Rng } from "./pairing";
import { testModelsEnabled } from "@/lib/models/test-models";
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
  /** Whether test models (fake:*, transformers:tiny-chat) may take part in battles (JOUST_TEST_MODELS=1). */
  testModels(): boolean;
  /** The background hard-prompt judge, when configured (optional: absent = no judging). */
  hardPromptTagger?(): HardPromptTagger | null;
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
    testModels: testModelsEnabled,
    hardPromptTagger: () =>
      getHardPromptTagger(async (questionId, category) =>
        (await getVoteStore()).updateVoteTags([{ question_id: questionId, addCategory: category }]),
      ),
  };
}
