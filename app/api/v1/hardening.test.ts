/** Issue 16 attacks on /api/chat, /api/models and /api/v1, each asserting the refusal. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetRateLimitForTests } from "@/lib/api/limits";
import { parseConfig, setConfigForTests } from "@/lib/providers/config";
import { startUpstream, TEST_ENV, type StubHandle } from "@/lib/providers/test-stub";
import { POST as chatPOST } from "./chat/completions/route";
import { GET as modelsGET } from "./models/route";
import { GET as publicModelsGET } from "../models/route";
import { POST as internalChatPOST } from "../chat/route";

let stub: StubHandle;
beforeAll(async () => {
  stub = await startUpstream();
  Object.assign(process.env, TEST_ENV);
  const m = (name: string, anonymousOnly = false) => ({
    name,
    provider: "openai",
    model: "stub-gpt",
    baseUrl: `${stub.url}/v1`,
    apiKeyEnv: "T_OPENAI",
    arena: { anonymousOnly },
  });
  setConfigForTests(
    parseConfig(
      {
        models: [m("gpt"), m("hidden-gem", true), { ...m("capped"), maxTokens: 64 }],
        limits: { ratePerSecond: 0.5, rateBurst: 6 },
      },
      "joust.config.json",
    ),
  );
});
afterAll(async () => {
  setConfigForTests(undefined);
  await stub.close();
});
afterEach(() => {
  delete process.env.JOUST_API_KEYS;
  resetRateLimitForTests();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`http://joust.test${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const user = (content: string) => [{ role: "user", content }];

describe("anonymous-only models", () => {
  it("are in no listing", async () => {
    const v1 = await (await modelsGET(new Request("http://joust.test/api/v1/models"))).json();
    expect(v1.data.map((m: { id: string }) => m.id)).toEqual(["gpt", "capped"]);
    const app = await (await publicModelsGET()).json();
    expect(app.models.map((m: { name: string }) => m.name)).toEqual(["gpt", "capped"]);
  });

  it("cannot be used by name on /api/chat or /v1 (n = 1 or more): the same 404 as an unknown model", async () => {
    const chat = await internalChatPOST(post("/api/chat", { model: "hidden-gem", messages: user("hi") }));
    expect(chat.status).toBe(404);
    expect((await chat.json()).error.code).toBe("not_found:model");
    for (const n of [1, 2]) {
      const v1 = await chatPOST(post("/api/v1/chat/completions", { model: "hidden-gem", messages: user("hi"), n }));
      expect(v1.status).toBe(404);
      expect(JSON.stringify(await v1.json())).not.toContain("anonymous");
    }
    const ok = await internalChatPOST(post("/api/chat", { model: "gpt", messages: user("hi") }));
    expect(ok.status).toBe(200);
    await ok.text();
  });
});

describe("/api/chat limits and cross-site refusal", () => {
  it("refuses a 300,000-character prompt, a huge max_tokens and long stop sequences", async () => {
    const big = await internalChatPOST(post("/api/chat", { model: "gpt", messages: user("x".repeat(300_000)) }));
    expect(big.status).toBeGreaterThanOrEqual(400);
    const tokens = await internalChatPOST(
      post("/api/chat", { model: "gpt", messages: user("hi"), max_tokens: 1_000_000 }),
    );
    expect(tokens.status).toBe(400);
    expect((await tokens.json()).error.details).toMatchObject({ param: "max_tokens" });
    const perModel = await chatPOST(
      post("/api/v1/chat/completions", { model: "capped", messages: user("hi"), max_tokens: 65 }),
    );
    expect(perModel.status).toBe(400);
    expect(
      (await internalChatPOST(post("/api/chat", { model: "capped", messages: user("hi"), max_tokens: 65 }))).status,
    ).toBe(400);
    const stop = await internalChatPOST(
      post("/api/chat", { model: "gpt", messages: user("hi"), stop: ["y".repeat(500)] }),
    );
    expect(stop.status).toBe(400);
  });

  it("refuses a no-cors text/plain POST and a foreign Origin (provider keys are not spent)", async () => {
    const plain = await internalChatPOST(
      post("/api/chat", { model: "gpt", messages: user("hi") }, { "content-type": "text/plain" }),
    );
    expect(plain.status).toBe(400);
    const foreign = await internalChatPOST(
      post("/api/chat", { model: "gpt", messages: user("hi") }, { origin: "https://evil.example" }),
    );
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).error.code).toBe("forbidden:api");
  });

  it("an unvalidated bearer header does not buy a fresh rate-limit bucket", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await internalChatPOST(
        post(
          "/api/chat",
          { model: "gpt", messages: user("hi") },
          { authorization: `Bearer made-up-${i}`, "x-forwarded-for": `198.51.100.${i}` },
        ),
      );
      statuses.push(r.status);
      await r.text();
    }
    expect(statuses).toContain(429);
  });
});

describe("/v1 keys", () => {
  it("limits failed key attempts per address", async () => {
    process.env.JOUST_API_KEYS = "right-key";
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      const r = await chatPOST(
        post(
          "/api/v1/chat/completions",
          { model: "gpt", messages: user("hi") },
          { authorization: `Bearer guess-${i}` },
        ),
      );
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toContain(429);
  });
});

describe("/v1 and cross-site browsers", () => {
  it("a no-cors text/plain POST or a foreign Origin cannot spend provider keys; JOUST_CORS_ORIGINS and non-browser clients pass", async () => {
    const body = { model: "gpt", messages: user("hi") };
    const plain = await chatPOST(
      post("/api/v1/chat/completions", body, { "content-type": "text/plain", origin: "https://evil.example" }),
    );
    expect(plain.status).toBe(403);
    const sameSiteText = await chatPOST(
      post("/api/v1/chat/completions", body, { "content-type": "text/plain", "sec-fetch-site": "same-origin" }),
    );
    expect(sameSiteText.status).toBe(400);
    const fetchSite = await chatPOST(post("/api/v1/chat/completions", body, { "sec-fetch-site": "cross-site" }));
    expect(fetchSite.status).toBe(403);
    process.env.JOUST_CORS_ORIGINS = "https://tools.example";
    try {
      const allowed = await chatPOST(post("/api/v1/chat/completions", body, { origin: "https://tools.example" }));
      expect(allowed.status).toBe(200);
    } finally {
      delete process.env.JOUST_CORS_ORIGINS;
    }
    const cli = await chatPOST(post("/api/v1/chat/completions", body));
    expect(cli.status).toBe(200);
  });
});
