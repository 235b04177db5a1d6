/** Test helpers: an in-memory PGlite store, fake remote models and a fake StreamChat. */
import type { ChatCompletionChunk } from "@/lib/chat-protocol/types";
import { JoustError } from "@/lib/errors";
import type { PublicModelInfo, StreamChat } from "@/lib/providers/types";
import { openPglite, openPostgres } from "@/lib/votes/sql";
import { SqlVoteStore } from "@/lib/votes/sql-store";
import { parseArenaConfig } from "./config";
import type { ArenaDeps } from "./deps";
import { seededRng } from "./pairing";

export function remoteModel(
  name: string,
  over: Partial<PublicModelInfo["arena"]> & { available?: boolean } = {},
): PublicModelInfo {
  const { available = true, ...arena } = over;
  return { name, provider: "openai-compatible", available, arena: { anonymousOnly: false, weight: 1, ...arena } };
}

/** Echoes "<name> says: <last user message>" word by word, in OpenAI chunk shape, as a provider would. */
export const fakeStreamChat: StreamChat = async function* (name, req, signal) {
  if (name === "broken-model") throw new JoustError("upstream:provider", `Upstream error from broken-model: HTTP 500`);
  const last = req.messages.at(-1)?.content ?? "";
  const words = `Reply from upstream: ${last}`.split(" ");
  for (const [i, w] of words.entries()) {
    if (signal.aborted) return;
    const chunk: ChatCompletionChunk = {
      id: `chatcmpl-${name}-xyz`,
      object: "chat.completion.chunk",
      created: 1,
      model: name,
      choices: [
        { index: 0, delta: { content: (i ? " " : "") + w }, finish_reason: i === words.length - 1 ? "stop" : null },
      ],
    };
    yield chunk;
  }
  if (name === "dies-midway") throw new JoustError("upstream:provider", "dies-midway connection reset");
};

export async function memoryStore(): Promise<SqlVoteStore> {
  return SqlVoteStore.open(await openPglite());
}

export function makeDeps(
  store: SqlVoteStore,
  over: Partial<ArenaDeps> & { models?: PublicModelInfo[]; rawConfig?: unknown } = {},
): ArenaDeps {
  const {
    models = [
      remoteModel("gpt-4o-mini"),
      remoteModel("claude-haiku"),
      remoteModel("secret-model", { anonymousOnly: true }),
    ],
    rawConfig = {},
    ...rest
  } = over;
  const config = parseArenaConfig(rawConfig);
  let n = 0;
  return {
    store: async () => store,
    listModels: async () => models,
    streamChat: fakeStreamChat,
    config: () => config,
    secret: () => "test-secret-0123456789abcdef",
    now: Date.now,
    rng: seededRng(42),
    newId: () => `battle-${Date.now().toString(36)}-${++n}-${Math.floor(Math.random() * 1e9)}`,
    testModels: () => true,
    ...rest,
  };
}

/** A store in a fresh schema of the test PostgreSQL database (reruns never see old rows). */
export async function postgresStore(url: string): Promise<SqlVoteStore> {
  const schema = `t_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  const admin = await openPostgres(url, 1);
  await admin.exec(`CREATE SCHEMA ${schema}`);
  await admin.close();
  const u = new URL(url);
  u.searchParams.set("options", `-c search_path=${schema}`);
  return SqlVoteStore.open(await openPostgres(u.toString(), 4));
}
