import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeDeps, memoryStore } from "@/lib/arena/server/arena-deps.mock";
import { createBattle } from "@/lib/arena/server/battles";
import { submitVotes } from "@/lib/arena/server/votes";
import { streamChat } from "@/lib/providers/remote-chat";
import { parseConfig, setConfigForTests } from "@/lib/providers/config";
import type { SqlVoteStore } from "@/lib/votes/sql-store";
import { HardPromptTagger, judgeConfigSchema, parseCriteria } from "./hard-prompt";

/**
 * A stub judge speaking OpenAI's chat-completions wire format (SSE chunks, then `data: [DONE]`):
 * prompts containing "HARD" meet six criteria, others one. Counts concurrent requests.
 */
let server: Server;
let url = "";
let inFlight = 0,
  maxInFlight = 0,
  requests = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      requests++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      if (req.headers.authorization !== "Bearer sk-judge") {
        inFlight--;
        res
          .writeHead(401, { "content-type": "application/json" })
          .end(JSON.stringify({ error: { message: "bad key", type: "invalid_request_error" } }));
        return;
      }
      const prompt = JSON.parse(body).messages.at(-1).content as string;
      const reply = prompt.includes("HARD") ? "[1, 2, 3, 4, 6, 7]" : "[2]";
      setTimeout(() => {
        res.writeHead(200, { "content-type": "text/event-stream" });
        for (const [i, piece] of [reply.slice(0, 3), reply.slice(3)].entries()) {
          const chunk = {
            id: "chatcmpl-1",
            object: "chat.completion.chunk",
            created: 1,
            model: "judge-1",
            choices: [
              { index: 0, delta: i ? { content: piece } : { role: "assistant", content: piece }, finish_reason: null },
            ],
          };
          res.write(`data: ${JSON.stringify(chunk)}\n\n`);
        }
        res.write(
          `data: ${JSON.stringify({ id: "chatcmpl-1", object: "chat.completion.chunk", created: 1, model: "judge-1", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`,
        );
        res.end("data: [DONE]\n\n");
        inFlight--;
      }, 20);
    });
  });
  // Keep idle connections longer than the slow PGlite start-up below (the client pools them).
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.T_JUDGE_KEY = "sk-judge";
  setConfigForTests(
    parseConfig(
      {
        models: [
          { name: "judge", provider: "openai", model: "judge-1", baseUrl: `${url}/v1`, apiKeyEnv: "T_JUDGE_KEY" },
          {
            name: "judge-down",
            provider: "openai",
            model: "judge-1",
            baseUrl: "http://127.0.0.1:9/v1",
            apiKeyEnv: "T_JUDGE_KEY",
            timeoutMs: 2000,
          },
        ],
      },
      "joust.config.json",
    ),
  );
});
afterAll(async () => {
  setConfigForTests(undefined);
  await new Promise((r) => server.close(r));
});

const cfg = (model: string, concurrency = 2) => judgeConfigSchema.parse({ model, concurrency });

describe("hard-prompt judge", () => {
  it("reads the criteria list from a reply", () => {
    expect(parseCriteria("[1, 2, 6]")).toEqual([1, 2, 6]);
    expect(parseCriteria("Criteria: [3,3, 9, 7]")).toEqual([3, 7]);
    expect(parseCriteria("none")).toBeNull();
    expect(parseCriteria("[]")).toEqual([]);
  });

  it("tags prompts meeting ≥ 6 criteria through a judge on the OpenAI wire format, at most `concurrency` calls at once", async () => {
    const tagged: string[] = [];
    const t = new HardPromptTagger(cfg("judge", 2), { streamChat, tag: async (id) => void tagged.push(id) });
    maxInFlight = 0;
    for (let i = 0; i < 6; i++) t.enqueue(`q${i}`, i % 2 ? "an easy one" : "a HARD one");
    await t.idle();
    expect(tagged.sort()).toEqual(["q0", "q2", "q4"]);
    expect(t.stats).toMatchObject({ judged: 6, hard: 3, failed: 0 });
    expect(maxInFlight).toBe(2);
  });

  it("bounds its queue", async () => {
    const t = new HardPromptTagger(judgeConfigSchema.parse({ model: "judge", concurrency: 1, maxQueue: 2 }), {
      streamChat,
      tag: async () => undefined,
    });
    for (let i = 0; i < 5; i++) t.enqueue(`q${i}`, "HARD");
    await t.idle();
    expect(t.stats).toMatchObject({ judged: 3, dropped: 2 });
  });
});

describe("votes and the judge", () => {
  let store: SqlVoteStore;
  beforeAll(async () => {
    store = await memoryStore();
  }, 120_000);
  afterAll(() => store?.close());

  const vote = async (tagger: HardPromptTagger | null, prompt: string) => {
    const deps = makeDeps(store, { hardPromptTagger: () => tagger });
    const b = await createBattle(deps, { mode: "anonymous", localModels: [] }, "ip:9.9.9.9");
    // The vote stores the server's own copy of what it streamed (issue 16), so the answers are served first.
    await store.saveReply(b.battleId, "a", 0, "# Plan\n- one\n- two");
    await store.saveReply(b.battleId, "b", 0, "ok");
    const [r] = await submitVotes(deps, [
      {
        idempotencyKey: `k-${b.battleId}`,
        battleId: b.battleId,
        token: b.token,
        winner: "model_a",
        turn: 1,
        tstamp: Date.now() / 1000,
        conversation_a: [
          { role: "user", content: prompt },
          { role: "assistant", content: "# Plan\n- one\n- two" },
        ],
        conversation_b: [
          { role: "user", content: prompt },
          { role: "assistant", content: "ok" },
        ],
      },
    ]);
    return { r, id: b.battleId };
  };
  const stored = async (id: string) => (await store.pageVotes()).find((v) => v.question_id === id)!;

  it("a stored vote gets conv_metadata and categories, and hard_prompt once the judge answers", async () => {
    const logs: string[] = [];
    const tagger = new HardPromptTagger(cfg("judge"), {
      streamChat,
      log: (m) => void logs.push(m),
      tag: (id, c) => store.updateVoteTags([{ question_id: id, addCategory: c }]),
    });
    const { r, id } = await vote(tagger, "Write a HARD Python function that merges intervals");
    expect(r.status).toBe("stored");
    await tagger.idle();
    expect(logs).toEqual([]);
    expect(tagger.stats).toMatchObject({ judged: 1, hard: 1, failed: 0 });
    const v = await stored(id);
    expect(v.conv_metadata).toMatchObject({ header_count_a: { h1: 1 }, list_count_a: { unordered: 2 }, turns: 1 });
    expect(v.categories).toEqual(expect.arrayContaining(["coding", "hard_prompt"]));
  });

  it("the vote is stored when the judge is down, and simply stays untagged", async () => {
    const tagger = new HardPromptTagger(cfg("judge-down"), {
      streamChat,
      tag: (id, c) => store.updateVoteTags([{ question_id: id, addCategory: c }]),
      log: () => undefined,
    });
    const before = requests;
    const { r, id } = await vote(tagger, "A HARD question");
    expect(r).toMatchObject({ status: "stored", httpStatus: 201 });
    await tagger.idle();
    expect(tagger.stats.failed).toBe(1);
    expect((await stored(id)).categories).not.toContain("hard_prompt");
    expect(requests).toBe(before);
  });

  it("a tagger that throws when asked for does not fail the vote", async () => {
    const deps = makeDeps(store, {
      hardPromptTagger: () => {
        throw new Error("misconfigured");
      },
    });
    const b = await createBattle(deps, { mode: "anonymous", localModels: [] }, "ip:9.9.9.8");
    const [r] = await submitVotes(deps, [
      {
        idempotencyKey: `k-${b.battleId}`,
        battleId: b.battleId,
        token: b.token,
        winner: "tie",
        turn: 1,
        tstamp: Date.now() / 1000,
        conversation_a: [
          { role: "user", content: "hi" },
          { role: "assistant", content: "a" },
        ],
        conversation_b: [
          { role: "user", content: "hi" },
          { role: "assistant", content: "b" },
        ],
      },
    ]);
    expect(r.status).toBe("stored");
  });
});
