import { afterAll, beforeAll, describe, expect, it as test } from "vitest";
import type { VoteSubmission } from "@/lib/arena/api-types";
import type { SqlVoteStore } from "@/lib/votes/sql-store";
import { makeDeps, memoryStore, postgresStore } from "./arena-deps.mock";
import { createBattle } from "./battles";
import type { ArenaDeps } from "./deps";
import { streamSide } from "./stream";
import { signToken } from "./token";
import { submitVotes } from "./votes";

const PG_URL = process.env.TEST_DATABASE_URL;
if (!PG_URL) {
  if (process.env.JOUST_REQUIRE_PG === "1") throw new Error("JOUST_REQUIRE_PG=1 but TEST_DATABASE_URL is not set");
  console.warn("[votes.test] TEST_DATABASE_URL unset: vote service tests on PostgreSQL SKIPPED (PGlite runs)");
}
const backends: Array<[string, (() => Promise<SqlVoteStore>) | undefined]> = [
  ["pglite", memoryStore],
  ["postgres", PG_URL ? () => postgresStore(PG_URL) : undefined],
];

let seq = 0;
function sub(battleId: string, token: string, over: Partial<VoteSubmission> = {}): VoteSubmission {
  return {
    idempotencyKey: `idem-${++seq}-${Math.random().toString(36).slice(2)}`,
    battleId,
    token,
    winner: "model_a",
    turn: 1,
    language: "English",
    tstamp: Date.now() / 1000,
    conversation_a: [
      { role: "user", content: "hello" },
      { role: "assistant", content: "Hi there!" },
    ],
    conversation_b: [
      { role: "user", content: "hello" },
      { role: "assistant", content: "Hello." },
    ],
    ...over,
  };
}

describe.each(backends)("vote service on %s", (_name, open) => {
  let store: SqlVoteStore;
  let deps: ArenaDeps;
  beforeAll(async () => {
    if (!open) return;
    store = await open();
    deps = makeDeps(store);
  }, 120_000);
  afterAll(() => store?.close());
  const it = open ? test : test.skip;
  const anon = () => createBattle(deps, { mode: "anonymous", localModels: [] }, "ip:1.2.3.4");

  it("stores a valid vote once, reveals names, and treats the same key as duplicate", async () => {
    const b = await anon();
    const before = await store.countVotes();
    const v = sub(b.battleId, b.token);
    const [r1] = await submitVotes(deps, [v]);
    expect(r1).toMatchObject({ status: "stored", counted: true, httpStatus: 201 });
    const names = r1.status === "stored" ? [r1.model_a, r1.model_b] : [];
    expect(names).toHaveLength(2);
    for (const n of names) expect(["gpt-4o-mini", "claude-haiku", "secret-model"]).toContain(n);
    const [r2] = await submitVotes(deps, [v]);
    expect(r2).toMatchObject({ status: "duplicate", model_a: (r1 as { model_a: string }).model_a, httpStatus: 200 });
    // same key twice in one batch too
    const [r3, r4] = await submitVotes(deps, [v, v]);
    expect([r3.status, r4.status]).toEqual(["duplicate", "duplicate"]);
    expect(await store.countVotes()).toBe(before + 1);
    const stored = (await store.pageVotes()).filter((x) => x.question_id === b.battleId);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      anony: true,
      counted: true,
      winner: "model_a",
      language: "English",
      idempotency_key: v.idempotencyKey,
    });
    expect(stored[0].judge).toMatch(/^arena_user_[0-9a-f]{16}$/);
    expect(stored[0].judge).not.toContain("1.2.3.4");
  });

  it("rejects a second, different vote on a voted battle (also within one batch)", async () => {
    const b = await anon();
    const [ok, second] = await submitVotes(deps, [
      sub(b.battleId, b.token),
      sub(b.battleId, b.token, { winner: "tie" }),
    ]);
    expect(ok.status).toBe("stored");
    expect(second).toMatchObject({ status: "rejected", error: { code: "conflict:vote" }, httpStatus: 409 });
    const [later] = await submitVotes(deps, [sub(b.battleId, b.token, { winner: "model_b" })]);
    expect(later).toMatchObject({ status: "rejected", error: { code: "conflict:vote" } });
    expect((await store.pageVotes()).filter((x) => x.question_id === b.battleId)).toHaveLength(1);
  });

  it("rejects unknown battles, forged/malformed/foreign tokens and expired battles; stores nothing", async () => {
    const b = await anon();
    const other = await anon();
    const before = await store.countVotes();
    const [sig] = [b.token.split(".")[2]];
    const forged = `${b.battleId}.${b.expiresAt}.${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}`;
    const results = await submitVotes(deps, [
      sub("no-such-battle", b.token),
      sub(b.battleId, forged),
      sub(b.battleId, "garbage"),
      sub(b.battleId, other.token),
      sub(b.battleId, signToken("some-other-secret-123456", b.battleId, b.expiresAt)),
    ]);
    expect(results.map((r) => (r.status === "rejected" ? r.error.code : r.status))).toEqual([
      "not_found:arena",
      "forbidden:vote",
      "unauthorized:vote",
      "forbidden:vote",
      "forbidden:vote",
    ]);
    expect(results.map((r) => r.httpStatus)).toEqual([404, 403, 401, 403, 403]);
    expect(JSON.stringify(results)).not.toMatch(/gpt-4o-mini|claude-haiku|secret-model/);

    const t0 = Date.now();
    const shortDeps = { ...deps, config: () => ({ ...deps.config(), tokenTtlMs: 1000 }) };
    const e = await createBattle(shortDeps, { mode: "anonymous", localModels: [] }, null);
    const late = { ...deps, now: () => t0 + 5000 };
    const [exp] = await submitVotes(late, [sub(e.battleId, e.token)]);
    expect(exp).toMatchObject({ status: "rejected", error: { code: "timeout:vote" }, httpStatus: 410 });
    expect(await store.countVotes()).toBe(before);
    expect((await store.getBattle(b.battleId))?.votedAt).toBeNull();
  });

  it("a retried vote stays a duplicate after expiry, but never with a forged token", async () => {
    const t0 = Date.now();
    const shortDeps = { ...deps, config: () => ({ ...deps.config(), tokenTtlMs: 1000 }) };
    const b = await createBattle(shortDeps, { mode: "anonymous", localModels: [] }, null);
    const v = sub(b.battleId, b.token);
    expect((await submitVotes(deps, [v]))[0].status).toBe("stored");
    const late = { ...deps, now: () => t0 + 5000 };
    expect((await submitVotes(late, [v]))[0].status).toBe("duplicate");
    const [forged] = await submitVotes(deps, [{ ...v, token: `${b.battleId}.${b.expiresAt}.${"A".repeat(43)}` }]);
    expect(forged).toMatchObject({ status: "rejected", error: { code: "forbidden:vote" } });
  });

  it("marks identity leaks counted:false in anonymous battles only", async () => {
    const b = await anon();
    // The fake upstream echoes the prompt, so side b's (server-streamed) answer names its vendor.
    const ask = [{ role: "user" as const, content: "I am Claude, made by Anthropic." }];
    await (
      await streamSide(deps, b.battleId, { token: b.token, side: "b", messages: ask }, new AbortController().signal)
    ).text();
    const leak = sub(b.battleId, b.token, {
      conversation_b: [...ask, { role: "assistant", content: "I am an assistant." }], // the client hides the leak: no use
    });
    const [r] = await submitVotes(deps, [leak]);
    expect(r).toMatchObject({ status: "stored", counted: false });
    expect((await store.pageVotes()).find((x) => x.idempotency_key === leak.idempotencyKey)?.counted).toBe(false);

    const n = await createBattle(
      deps,
      { mode: "named", localModels: [], modelA: "remote:gpt-4o-mini", modelB: "remote:claude-haiku" },
      null,
    );
    await (
      await streamSide(deps, n.battleId, { token: n.token, side: "b", messages: ask }, new AbortController().signal)
    ).text();
    const [rn] = await submitVotes(deps, [
      { ...leak, idempotencyKey: `named-${leak.idempotencyKey}`, battleId: n.battleId, token: n.token },
    ]);
    expect(rn).toMatchObject({ status: "stored", counted: true, model_a: "gpt-4o-mini", model_b: "claude-haiku" });
    const named = (await store.pageVotes()).find((x) => x.question_id === n.battleId);
    expect(named?.anony).toBe(false);
  });

  it("checks each vote against its own battle's names, not those of other battles in the batch", async () => {
    const local = { id: "fake:alpha", backend: "fake" as const, displayName: "Fake Alpha" };
    let withLocal;
    for (let i = 0; i < 50 && !withLocal; i++) {
      const b = await createBattle(deps, { mode: "anonymous", localModels: [local] }, null);
      if (b.sides.a.kind === "local" || b.sides.b.kind === "local") withLocal = b;
    }
    if (!withLocal) throw new Error("pairing never picked the local model in 50 battles");
    const remote = await anon();
    const says = (text: string) => [
      { role: "user" as const, content: "hi" },
      { role: "assistant" as const, content: text },
    ];
    const [r1, r2] = await submitVotes(deps, [
      sub(withLocal.battleId, withLocal.token, { conversation_a: says("Alpha here."), conversation_b: says("Hello.") }),
      sub(remote.battleId, remote.token, {
        conversation_a: says("alpha bravo charlie"),
        conversation_b: says("Hello."),
      }),
    ]);
    expect(r1).toMatchObject({ status: "stored", counted: false });
    expect(r2).toMatchObject({ status: "stored", counted: true });
  });

  it("refuses more than 50 votes per batch", async () => {
    const b = await anon();
    await expect(
      submitVotes(
        deps,
        Array.from({ length: 51 }, () => sub(b.battleId, b.token)),
      ),
    ).rejects.toMatchObject({ code: "bad_request:vote" });
  });

  it("concurrent different votes on one battle: exactly one is stored", async () => {
    const bs = await Promise.all(Array.from({ length: 10 }, () => anon()));
    const before = await store.countVotes();
    const rounds = await Promise.all(
      [0, 1, 2, 3].map((k) =>
        submitVotes(
          deps,
          bs.map((b) => sub(b.battleId, b.token, { idempotencyKey: `race-${k}-${b.battleId}` })),
        ),
      ),
    );
    for (let i = 0; i < bs.length; i++) {
      const statuses = rounds.map((r) => r[i].status).sort();
      expect(statuses).toEqual(["rejected", "rejected", "rejected", "stored"]);
    }
    expect(await store.countVotes()).toBe(before + bs.length);
  });
});

describe.each(backends)("vote integrity on %s (issue 16 attacks)", (_name, open) => {
  let store: SqlVoteStore;
  let deps: ArenaDeps;
  beforeAll(async () => {
    if (!open) return;
    store = await open();
    deps = makeDeps(store);
  }, 120_000);
  afterAll(() => store?.close());
  const it = open ? test : test.skip;
  const stream = async (b: { battleId: string; token: string }, side: "a" | "b", content: string) =>
    (
      await streamSide(
        deps,
        b.battleId,
        { token: b.token, side, messages: [{ role: "user", content }] },
        new AbortController().signal,
      )
    ).text();

  it("stores the server's copy of remote answers, never the client's forged text", async () => {
    const b = await createBattle(deps, { mode: "anonymous", localModels: [] }, "ip:9.9.9.9");
    await stream(b, "a", "hello");
    await stream(b, "b", "hello");
    const forged = [
      { role: "user" as const, content: "hello" },
      { role: "assistant" as const, content: "FORGED answer that makes A look great" },
    ];
    const extra = [
      ...forged,
      { role: "user" as const, content: "more" },
      { role: "assistant" as const, content: "never streamed" },
    ];
    const [r] = await submitVotes(deps, [sub(b.battleId, b.token, { conversation_a: forged, conversation_b: extra })]);
    expect(r.status).toBe("stored");
    const v = (await store.pageVotes()).find((x) => x.question_id === b.battleId)!;
    expect(v.conversation_a).toEqual([
      { role: "user", content: "hello" },
      { role: "assistant", content: "Reply from upstream: hello" },
    ]);
    // An answer the server never streamed is not stored (the conversation ends before it).
    expect(v.conversation_b).toEqual([
      { role: "user", content: "hello" },
      { role: "assistant", content: "Reply from upstream: hello" },
      { role: "user", content: "more" },
    ]);
    expect(v.client_attested).toBe(false);
  });

  it("uses the server's receive time; a backdated client time is kept beside it only", async () => {
    const b = await createBattle(deps, { mode: "anonymous", localModels: [] }, null);
    const now = Date.now();
    const at = { ...deps, now: () => now };
    const [r] = await submitVotes(at, [sub(b.battleId, b.token, { tstamp: 978_307_200 /* 2001 */ })]);
    expect(r.status).toBe("stored");
    const v = (await store.pageVotes()).find((x) => x.question_id === b.battleId)!;
    expect(v.tstamp).toBe(now / 1000);
    expect(v.client_tstamp).toBe(978_307_200);
  });

  it("votes of battles with a browser-run side are client-attested and left out of the default query", async () => {
    const local = { id: "webllm:Llama-3.2-1B-Instruct-q4f16_1-MLC", backend: "webllm" as const, displayName: "Llama" };
    let withLocal;
    for (let i = 0; i < 50 && !withLocal; i++) {
      const b = await createBattle(deps, { mode: "anonymous", localModels: [local] }, null);
      if (b.sides.a.kind === "local" || b.sides.b.kind === "local") withLocal = b;
    }
    if (!withLocal) throw new Error("pairing never picked the local model in 50 battles");
    const [r] = await submitVotes(deps, [sub(withLocal.battleId, withLocal.token)]);
    expect(r.status).toBe("stored");
    const v = (await store.pageVotes()).find((x) => x.question_id === withLocal.battleId)!;
    expect(v.client_attested).toBe(true);
    const all = await store.countVotes();
    const trusted = await store.countVotes({ excludeClientAttested: true });
    expect(trusted).toBe(all - (await store.pageVotes()).filter((x) => x.client_attested).length);
    expect(trusted).toBeLessThan(all);
  });

  it("refuses a vote on another client's battle token and a replay after the vote", async () => {
    const mine = await createBattle(deps, { mode: "anonymous", localModels: [] }, "ip:1.1.1.1");
    const theirs = await createBattle(deps, { mode: "anonymous", localModels: [] }, "ip:2.2.2.2");
    const [cross] = await submitVotes(deps, [sub(theirs.battleId, mine.token)]);
    expect(cross).toMatchObject({ status: "rejected", error: { code: "forbidden:vote" } });
    const first = sub(mine.battleId, mine.token);
    expect((await submitVotes(deps, [first]))[0].status).toBe("stored");
    const [replay] = await submitVotes(deps, [
      { ...first, idempotencyKey: `${first.idempotencyKey}-replay`, winner: "model_b" },
    ]);
    expect(replay).toMatchObject({ status: "rejected", error: { code: "conflict:vote" } });
  });

  it("keeps only a keyed hash of the client key, never the raw address", async () => {
    const b = await createBattle(deps, { mode: "anonymous", localModels: [] }, "ip:203.0.113.7");
    const stored = await store.getBattle(b.battleId);
    expect(stored?.clientKey).toMatch(/^h:[A-Za-z0-9_-]{32}$/);
    const raw = await store.db.query<{ client_key: string }>(
      "SELECT client_key FROM battles WHERE client_key LIKE '%203.0.113.7%'",
    );
    expect(raw).toHaveLength(0);
  });

  it("purges expired battles that were never voted on, keeps voted ones", async () => {
    const t0 = Date.now();
    const short = { ...deps, config: () => ({ ...deps.config(), tokenTtlMs: 1000 }) };
    const stale = await createBattle(short, { mode: "anonymous", localModels: [] }, null);
    const voted = await createBattle(short, { mode: "anonymous", localModels: [] }, null);
    await stream(stale, "a", "hi");
    expect((await submitVotes(deps, [sub(voted.battleId, voted.token)]))[0].status).toBe("stored");
    expect(await store.purgeExpiredBattles(t0 + 10_000)).toBeGreaterThanOrEqual(1);
    expect(await store.getBattle(stale.battleId)).toBeUndefined();
    expect((await store.getReplies([stale.battleId])).size).toBe(0);
    expect(await store.getBattle(voted.battleId)).toBeDefined();
    const [late] = await submitVotes({ ...deps, now: () => t0 + 10_000 }, [sub(stale.battleId, stale.token)]);
    expect(late).toMatchObject({ status: "rejected", error: { code: "not_found:arena" } });
  });
});
