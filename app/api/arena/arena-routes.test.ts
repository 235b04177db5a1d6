/**
 * The arena route handlers called as functions with real Requests, on a PGlite store in a temp data dir.
 * The provider layer is replaced by a fake StreamChat (the only thing not real here).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CreateBattleResponse, VoteResult, VoteSubmission } from "@/lib/arena/api-types";
import { resetEnvCache } from "@/lib/env";
import { resetArenaConfigCache } from "@/lib/arena/server/config";
import { resetBattleSecretCache } from "@/lib/arena/server/token";
import { getVoteStore, resetVoteStore } from "@/lib/votes/store";

vi.mock("@/lib/providers/remote-chat", async () => {
  const m = await import("@/lib/arena/server/arena-deps.mock");
  return {
    listPublicModels: async () => [m.remoteModel("gpt-4o-mini"), m.remoteModel("claude-haiku")],
    streamChat: m.fakeStreamChat,
  };
});

const { POST: createBattle } = await import("./battles/route");
const { POST: stream } = await import("./battles/[id]/stream/route");
const { POST: voteOne } = await import("./battles/[id]/vote/route");
const { POST: voteBatch } = await import("./votes/route");
const { GET: exportVotes } = await import("./battles/export/route");
const { POST: importVotes } = await import("./battles/import/route");

const ADMIN_KEY = "operator-key-0123456789";
const admin = { authorization: `Bearer ${ADMIN_KEY}` };

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "joust-arena-routes-"));
  writeFileSync(
    join(dir, "joust.config.json"),
    JSON.stringify({
      arena: { voteRateLimit: { perSecond: 1, burst: 60 }, battleRateLimit: { perSecond: 1, burst: 12 } },
    }),
  );
  process.env.JOUST_DATA_DIR = dir;
  process.env.JOUST_CONFIG = join(dir, "joust.config.json");
  process.env.JOUST_ADMIN_KEY = ADMIN_KEY;
  process.env.JOUST_TRUSTED_PROXY_HOPS = "1"; // the tests below give each client its own X-Forwarded-For
  delete process.env.JOUST_SECRET;
  delete process.env.DATABASE_URL;
  resetEnvCache();
  resetArenaConfigCache();
  resetBattleSecretCache();
  // Opened first: while the store opens, the routes answer 503 + Retry-After (lib/votes/store.test.ts).
  await getVoteStore();
}, 120_000);
afterAll(async () => {
  delete process.env.JOUST_ADMIN_KEY;
  delete process.env.JOUST_TRUSTED_PROXY_HOPS;
  await resetVoteStore();
  rmSync(dir, { recursive: true, force: true });
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`http://test${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const params = (id: string) => ({ params: Promise.resolve({ id }) });

async function battle(): Promise<CreateBattleResponse> {
  const res = await createBattle(post("/api/arena/battles", { mode: "anonymous", localModels: [] }));
  expect(res.status).toBe(201);
  return res.json();
}
const vote = (b: CreateBattleResponse, over: Partial<VoteSubmission> = {}): VoteSubmission => ({
  idempotencyKey: `key-${b.battleId}`,
  battleId: b.battleId,
  token: b.token,
  winner: "model_b",
  turn: 1,
  tstamp: Date.now() / 1000,
  conversation_a: [
    { role: "user", content: "hi" },
    { role: "assistant", content: "hello" },
  ],
  conversation_b: [
    { role: "user", content: "hi" },
    { role: "assistant", content: "hey" },
  ],
  ...over,
});

describe("arena routes", () => {
  it("creates an anonymous battle without model names and streams a side as SSE", async () => {
    const b = await battle();
    expect(JSON.stringify(b)).not.toMatch(/gpt-4o-mini|claude-haiku/);
    expect(b.sides).toEqual({ a: { kind: "remote" }, b: { kind: "remote" } });
    const res = await stream(
      post(`/api/arena/battles/${b.battleId}/stream`, {
        token: b.token,
        side: "b",
        messages: [{ role: "user", content: "yo" }],
      }),
      params(b.battleId),
    );
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('"model":"model_b"');
    expect(text).toMatch(/data: \[DONE\]\n\n$/);
    expect(text).not.toMatch(/gpt-4o-mini|claude-haiku/);
    const bad = await stream(
      post(`/api/arena/battles/${b.battleId}/stream`, { token: b.token, side: "c", messages: [] }),
      params(b.battleId),
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("bad_request:arena");
  }, 120_000);

  it("single vote: 201, 200 duplicate, 409 second vote, 403 forged, 401 missing, 404 unknown", async () => {
    const b = await battle();
    const r1 = await voteOne(post(`/x`, vote(b)), params(b.battleId));
    expect(r1.status).toBe(201);
    const body = await r1.json();
    expect(body).toMatchObject({ status: "stored", counted: true });
    expect([body.model_a, body.model_b].sort()).toEqual(["claude-haiku", "gpt-4o-mini"]);
    expect((await voteOne(post(`/x`, vote(b)), params(b.battleId))).status).toBe(200);
    const second = await voteOne(post(`/x`, vote(b, { idempotencyKey: `other-${b.battleId}` })), params(b.battleId));
    expect(second.status).toBe(409);
    expect((await second.json()).error.code).toBe("conflict:vote");
    const c = await battle();
    expect((await voteOne(post(`/x`, vote(c, { token: b.token })), params(c.battleId))).status).toBe(403);
    expect((await voteOne(post(`/x`, vote(c, { token: "" })), params(c.battleId))).status).toBe(401);
    expect((await voteOne(post(`/x`, vote(c, { battleId: undefined })), params("missing"))).status).toBe(404);
    expect((await voteOne(post(`/x`, "{nope"), params(c.battleId))).status).toBe(400);
  });

  it("batch votes: per-vote results, size limits and 429 with Retry-After", async () => {
    const bs = await Promise.all([battle(), battle(), battle()]);
    const res = await voteBatch(
      post("/api/arena/votes", { votes: [vote(bs[0]), vote(bs[1], { token: bs[2].token }), vote(bs[2]), vote(bs[0])] }),
    );
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: VoteResult[] };
    expect(results.map((r) => r.status)).toEqual(["stored", "rejected", "stored", "duplicate"]);
    const tooMany = await voteBatch(post("/api/arena/votes", { votes: Array.from({ length: 51 }, () => vote(bs[0])) }));
    expect(tooMany.status).toBe(400);
    const huge = await voteBatch(post("/api/arena/votes", "x".repeat(9 * 1024 * 1024)));
    expect(huge.status).toBe(413);
    // burst is 60 votes for this client: 4 + 1 single-vote calls above… keep sending until limited
    let limited: Response | undefined;
    for (let i = 0; i < 5 && !limited; i++) {
      const r = await voteBatch(
        post(
          "/api/arena/votes",
          { votes: Array.from({ length: 20 }, () => vote(bs[0])) },
          { "x-forwarded-for": "10.9.9.9" },
        ),
      );
      if (r.status === 429) limited = r;
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited!.json()).error.code).toBe("rate_limit:vote");
  });

  it("battle creation is rate limited per client (429 + Retry-After)", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      const res = await createBattle(
        post("/api/arena/battles", { mode: "anonymous", localModels: [] }, { "x-forwarded-for": "10.7.7.7" }),
      );
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
        expect((await res.json()).error.code).toBe("rate_limit:arena");
      }
    }
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses).toContain(429);
  });

  it("export then import (JSON and JSONL) round-trips without duplicates", async () => {
    const exp = await exportVotes(
      new Request("http://test/api/arena/battles/export?format=jsonl&anony=1&conversations=1", { headers: admin }),
    );
    expect(exp.headers.get("content-disposition")).toMatch(/attachment; filename="clean_battle_\d+\.jsonl"/);
    const lines = (await exp.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.length).toBe(3);
    expect(lines[0]).toHaveProperty("question_id");
    expect(lines[0]).toHaveProperty("conversation_a");
    const again = await importVotes(
      post("/api/arena/battles/import", lines.map((l) => JSON.stringify(l)).join("\n"), admin),
    );
    expect(await again.json()).toEqual({ received: 3, imported: 0, duplicates: 3 });
    const fresh = lines.map((l, i) => ({ ...l, question_id: `imported-${i}`, idempotency_key: undefined }));
    const imp = await importVotes(post("/api/arena/battles/import", JSON.stringify(fresh), admin));
    expect(await imp.json()).toEqual({ received: 3, imported: 3, duplicates: 0 });
    const all = await (await exportVotes(new Request("http://test/api/arena/battles/export?format=json"))).json();
    expect(all).toHaveLength(6);
    const bad = await importVotes(
      post("/api/arena/battles/import", `${JSON.stringify(fresh[0])}\n{"winner":1}`, admin),
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/line 2/);
    expect((await exportVotes(new Request("http://test/api/arena/battles/export?format=xml"))).status).toBe(400);
  });

  it("import always needs the operator key (JOUST_ADMIN_KEY), API keys or not; a wrong one is refused", async () => {
    const lines = (
      await (await exportVotes(new Request("http://test/api/arena/battles/export?format=jsonl"))).text()
    ).trim();
    const fresh = lines
      .split("\n")
      .map((l, i) => JSON.stringify({ ...JSON.parse(l), question_id: `attack-${i}`, idempotency_key: `attack-${i}` }))
      .join("\n");
    const before = (await (await exportVotes(new Request("http://test/api/arena/battles/export?format=json"))).json())
      .length;
    const none = await importVotes(post("/api/arena/battles/import", fresh));
    expect(none.status).toBe(401);
    expect((await none.json()).error.code).toBe("unauthorized:import");
    process.env.JOUST_API_KEYS = "k-import-1";
    try {
      // An API key is not the operator key.
      expect(
        (await importVotes(post("/api/arena/battles/import", fresh, { authorization: "Bearer k-import-1" }))).status,
      ).toBe(401);
    } finally {
      delete process.env.JOUST_API_KEYS;
    }
    expect(
      (await importVotes(post("/api/arena/battles/import", fresh, { authorization: "Bearer not-the-admin-key" })))
        .status,
    ).toBe(401);
    const saved = process.env.JOUST_ADMIN_KEY;
    delete process.env.JOUST_ADMIN_KEY;
    try {
      const unset = await importVotes(post("/api/arena/battles/import", fresh, { authorization: "Bearer " }));
      expect(unset.status).toBe(403); // no operator key configured: nobody imports over HTTP
    } finally {
      process.env.JOUST_ADMIN_KEY = saved;
    }
    expect(
      (await (await exportVotes(new Request("http://test/api/arena/battles/export?format=json"))).json()).length,
    ).toBe(before);
  });

  it("the public export has no conversations; conversations need the operator key", async () => {
    const pub = (await (
      await exportVotes(new Request("http://test/api/arena/battles/export?format=json"))
    ).json()) as Array<Record<string, unknown>>;
    expect(pub.length).toBeGreaterThan(0);
    for (const r of pub) {
      expect(r).not.toHaveProperty("conversation_a");
      expect(r).not.toHaveProperty("conversation_b");
    }
    const noKey = await exportVotes(new Request("http://test/api/arena/battles/export?format=json&conversations=1"));
    expect(noKey.status).toBe(401);
    const wrong = await exportVotes(
      new Request("http://test/api/arena/battles/export?format=json&conversations=1", {
        headers: { authorization: "Bearer nope" },
      }),
    );
    expect(wrong.status).toBe(401);
    const ok = (await (
      await exportVotes(
        new Request("http://test/api/arena/battles/export?format=json&conversations=1", { headers: admin }),
      )
    ).json()) as Array<Record<string, unknown>>;
    expect(ok[0]).toHaveProperty("conversation_a");
  });

  it("refuses cross-site requests: a foreign Origin or a no-cors text/plain body", async () => {
    const b = await battle();
    const attacks: Array<[string, Record<string, string>]> = [
      ["foreign origin", { origin: "https://evil.example" }],
      ["null origin", { origin: "null" }],
      ["sec-fetch-site", { "sec-fetch-site": "cross-site" }],
      ["text/plain", { "content-type": "text/plain" }],
      ["form", { "content-type": "application/x-www-form-urlencoded", origin: "http://test" }],
    ];
    for (const [what, h] of attacks) {
      const created = await createBattle(post("/api/arena/battles", { mode: "anonymous", localModels: [] }, h));
      expect(created.status, what).toBeGreaterThanOrEqual(400);
      const voted = await voteBatch(post("/api/arena/votes", { votes: [vote(b)] }, h));
      expect(voted.status, what).toBeGreaterThanOrEqual(400);
      const streamed = await stream(
        post(
          `/api/arena/battles/${b.battleId}/stream`,
          { token: b.token, side: "a", messages: [{ role: "user", content: "x" }] },
          h,
        ),
        params(b.battleId),
      );
      expect(streamed.status, what).toBeGreaterThanOrEqual(400);
      const imported = await importVotes(post("/api/arena/battles/import", "[]", { ...admin, ...h }));
      expect(imported.status, what).toBeGreaterThanOrEqual(400);
    }
    expect(
      (
        await createBattle(
          post("/api/arena/battles", { mode: "anonymous", localModels: [] }, { origin: "https://evil.example" }),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await createBattle(
          post("/api/arena/battles", { mode: "anonymous", localModels: [] }, { "content-type": "text/plain" }),
        )
      ).status,
    ).toBe(400);
    // The vote was never stored; the same site (Origin = Host) passes.
    const ok = await voteBatch(post("/api/arena/votes", { votes: [vote(b)] }, { origin: "http://test", host: "test" }));
    expect(((await ok.json()).results as VoteResult[])[0].status).toBe("stored");
  });

  it("a forged X-Forwarded-For does not buy a fresh rate-limit bucket; the trusted proxy's entry does", async () => {
    process.env.JOUST_TRUSTED_PROXY_HOPS = "0";
    try {
      let limited = 0;
      for (let i = 0; i < 30; i++) {
        const r = await createBattle(
          post("/api/arena/battles", { mode: "anonymous", localModels: [] }, { "x-forwarded-for": `198.51.100.${i}` }),
        );
        if (r.status === 429) limited++;
      }
      expect(limited).toBeGreaterThan(0);
    } finally {
      process.env.JOUST_TRUSTED_PROXY_HOPS = "1";
    }
    // One trusted hop: the client's own leftmost entries are ignored, the proxy's (rightmost) entry keys the bucket.
    let spoofLimited = 0;
    for (let i = 0; i < 30; i++) {
      const r = await createBattle(
        post(
          "/api/arena/battles",
          { mode: "anonymous", localModels: [] },
          { "x-forwarded-for": `203.0.113.${i}, 10.20.30.40` },
        ),
      );
      if (r.status === 429) spoofLimited++;
    }
    expect(spoofLimited).toBeGreaterThan(0);
    const other = await createBattle(
      post("/api/arena/battles", { mode: "anonymous", localModels: [] }, { "x-forwarded-for": "10.20.30.41" }),
    );
    expect(other.status).toBe(201);
  });
});
