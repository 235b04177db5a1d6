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

vi.mock("@/lib/providers", async () => {
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

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "joust-arena-routes-"));
  writeFileSync(join(dir, "joust.config.json"), JSON.stringify({ arena: { voteRateLimit: { perSecond: 1, burst: 60 }, battleRateLimit: { perSecond: 1, burst: 12 } } }));
  process.env.JOUST_DATA_DIR = dir;
  process.env.JOUST_CONFIG = join(dir, "joust.config.json");
  delete process.env.JOUST_SECRET;
  delete process.env.DATABASE_URL;
  resetEnvCache();
  resetArenaConfigCache();
  resetBattleSecretCache();
  // Opened first: while the store opens, the routes answer 503 + Retry-After (lib/votes/store.test.ts).
  await getVoteStore();
}, 120_000);
afterAll(async () => {
  await resetVoteStore();
  rmSync(dir, { recursive: true, force: true });
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`http://test${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
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
  conversation_a: [{ role: "user", content: "hi" }, { role: "assistant", content: "hello" }],
  conversation_b: [{ role: "user", content: "hi" }, { role: "assistant", content: "hey" }],
  ...over,
});

describe("arena routes", () => {
  it("creates an anonymous battle without model names and streams a side as SSE", async () => {
    const b = await battle();
    expect(JSON.stringify(b)).not.toMatch(/gpt-4o-mini|claude-haiku/);
    expect(b.sides).toEqual({ a: { kind: "remote" }, b: { kind: "remote" } });
    const res = await stream(post(`/api/arena/battles/${b.battleId}/stream`, { token: b.token, side: "b", messages: [{ role: "user", content: "yo" }] }), params(b.battleId));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('"model":"model_b"');
    expect(text).toMatch(/data: \[DONE\]\n\n$/);
    expect(text).not.toMatch(/gpt-4o-mini|claude-haiku/);
    const bad = await stream(post(`/api/arena/battles/${b.battleId}/stream`, { token: b.token, side: "c", messages: [] }), params(b.battleId));
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
    const res = await voteBatch(post("/api/arena/votes", { votes: [vote(bs[0]), vote(bs[1], { token: bs[2].token }), vote(bs[2]), vote(bs[0])] }));
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
      const r = await voteBatch(post("/api/arena/votes", { votes: Array.from({ length: 20 }, () => vote(bs[0])) }, { "x-forwarded-for": "10.9.9.9" }));
      if (r.status === 429) limited = r;
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited!.json()).error.code).toBe("rate_limit:vote");
  });

  it("battle creation is rate limited per client (429 + Retry-After)", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      const res = await createBattle(post("/api/arena/battles", { mode: "anonymous", localModels: [] }, { "x-forwarded-for": "10.7.7.7" }));
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
    const exp = await exportVotes(new Request("http://test/api/arena/battles/export?format=jsonl&anony=1"));
    expect(exp.headers.get("content-disposition")).toMatch(/attachment; filename="clean_battle_\d+\.jsonl"/);
    const lines = (await exp.text()).trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.length).toBe(3);
    expect(lines[0]).toHaveProperty("question_id");
    const again = await importVotes(post("/api/arena/battles/import", lines.map((l) => JSON.stringify(l)).join("\n")));
    expect(await again.json()).toEqual({ received: 3, imported: 0, duplicates: 3 });
    const fresh = lines.map((l, i) => ({ ...l, question_id: `imported-${i}`, idempotency_key: undefined }));
    const imp = await importVotes(post("/api/arena/battles/import", JSON.stringify(fresh)));
    expect(await imp.json()).toEqual({ received: 3, imported: 3, duplicates: 0 });
    const all = await (await exportVotes(new Request("http://test/api/arena/battles/export?format=json"))).json();
    expect(all).toHaveLength(6);
    const bad = await importVotes(post("/api/arena/battles/import", `${JSON.stringify(fresh[0])}\n{"winner":1}`));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/line 2/);
    expect((await exportVotes(new Request("http://test/api/arena/battles/export?format=xml"))).status).toBe(400);
  });

  it("with JOUST_API_KEYS set, importing needs one of the keys", async () => {
    const lines = (await (await exportVotes(new Request("http://test/api/arena/battles/export?format=jsonl"))).text()).trim();
    process.env.JOUST_API_KEYS = "k-import-1, k-import-2";
    try {
      const none = await importVotes(post("/api/arena/battles/import", lines));
      expect(none.status).toBe(401);
      expect((await none.json()).error.code).toBe("unauthorized:import");
      const wrong = await importVotes(post("/api/arena/battles/import", lines, { authorization: "Bearer k-import-3" }));
      expect(wrong.status).toBe(401);
      const right = await importVotes(post("/api/arena/battles/import", lines, { authorization: "Bearer k-import-2" }));
      expect(right.status).toBe(200);
      expect((await right.json()).imported).toBe(0); // all already there: only the key decided
    } finally {
      delete process.env.JOUST_API_KEYS;
    }
  });
});
