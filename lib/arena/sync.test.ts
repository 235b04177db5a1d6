import "fake-indexeddb/auto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JoustDB, type LocalBattle } from "@/lib/db/client-db";
import { outboxCounts, recordVote } from "./outbox";
import { type Lock, VoteSync, parseRetryAfter } from "./sync";
import { startVoteEndpoint, type VoteEndpoint } from "./vote-endpoint.mock";

let server: VoteEndpoint;
let db: JoustDB;
let dbName: string;
const syncs: VoteSync[] = [];

beforeEach(async () => {
  server = await startVoteEndpoint();
  dbName = `joust-test-${crypto.randomUUID()}`;
  db = new JoustDB(dbName);
});

afterEach(async () => {
  for (const s of syncs.splice(0)) s.stop();
  db.close();
  await server.close();
});

function battle(i: number): Omit<LocalBattle, "status"> {
  return {
    id: `battle-${i}`,
    mode: "anonymous",
    token: `token-${i}`,
    createdAt: 1_700_000_000_000 + i,
    modelA: "transformers:tiny-chat",
    conversationA: [
      { role: "user", content: `q${i}` },
      { role: "assistant", content: `a${i}` },
    ],
    conversationB: [
      { role: "user", content: `q${i}` },
      { role: "assistant", content: `b${i}` },
    ],
    params: { temperature: 0.7 },
  };
}

function makeSync(opts: Partial<ConstructorParameters<typeof VoteSync>[0]> = {}, database = db): VoteSync {
  const s = new VoteSync({ db: database, endpoint: server.url, baseDelayMs: 40, random: () => 1, ...opts });
  syncs.push(s);
  return s;
}

async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("outbox", () => {
  it("writes the battle and the vote in one transaction before any request is made", async () => {
    let seenAtRequest: { battles: number; pending: number } | undefined;
    const sync = makeSync({
      fetch: async (input, init) => {
        seenAtRequest = { battles: await db.battles.count(), pending: (await outboxCounts(db)).pending };
        return fetch(input, init);
      },
    });
    const vote = await recordVote(db, { battle: battle(1), winner: "model_a" });
    expect(server.requests).toHaveLength(0);
    const stored = await db.battles.get("battle-1");
    expect(stored?.status).toBe("voted");
    expect(stored?.conversationB[1].content).toBe("b1");
    expect(vote.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(vote.payload).toMatchObject({ battleId: "battle-1", token: "token-1", winner: "model_a", turn: 1 });

    await sync.syncNow();
    expect(seenAtRequest).toEqual({ battles: 1, pending: 1 });
    expect(server.stored.get(vote.idempotencyKey)?.conversation_a).toEqual(battle(1).conversationA);
    const after = await db.outbox.get(vote.idempotencyKey);
    expect(after?.state).toBe("synced");
    expect(after?.result).toEqual({ model_a: "model-a-of-battle-1", model_b: "model-b-of-battle-1", counted: true });
    expect((await db.battles.get("battle-1"))?.modelB).toBe("model-b-of-battle-1");
  });

  it("closes a battle to a second vote without writing anything", async () => {
    await recordVote(db, { battle: battle(1), winner: "tie" });
    await expect(recordVote(db, { battle: battle(1), winner: "model_b" })).rejects.toMatchObject({
      code: "conflict:vote",
    });
    expect(await db.outbox.count()).toBe(1);
  });
});

describe("VoteSync", () => {
  it("sends in batches of at most 50 and marks every vote synced", async () => {
    for (let i = 0; i < 120; i++) await recordVote(db, { battle: battle(i), winner: "model_b", now: 1000 + i });
    const report = await makeSync().syncNow();
    expect(server.requests.map((r) => r.keys.length)).toEqual([50, 50, 20]);
    expect(report).toMatchObject({ synced: 120, requests: 3 });
    expect(await outboxCounts(db)).toEqual({ pending: 0, synced: 120, rejected: 0 });
    // oldest first
    expect(server.requests[0].keys[0]).toBe(
      (await db.outbox.where("battleId").equals("battle-0").first())?.idempotencyKey,
    );
  });

  it("retries 503 and network failures with growing backoff, then succeeds", async () => {
    server.plan = [{ kind: "status", status: 503 }, { kind: "destroy" }, { kind: "status", status: 502 }];
    const vote = await recordVote(db, { battle: battle(1), winner: "model_a" });
    const sync = makeSync();
    sync.start();
    await waitFor(() => server.stored.size === 1);
    await waitFor(async () => (await db.outbox.get(vote.idempotencyKey))?.state === "synced");
    const at = server.requests.map((r) => r.at);
    expect(at).toHaveLength(4);
    // random()=1 → delays base·2^(n−1): 40, 80, 160 ms
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(38);
    expect(at[2] - at[1]).toBeGreaterThanOrEqual(78);
    expect(at[3] - at[2]).toBeGreaterThanOrEqual(158);
    expect((await db.outbox.get(vote.idempotencyKey))?.attempts).toBe(4);
  });

  it("records the failure and schedules the next attempt with jittered exponential backoff", async () => {
    server.plan = [{ kind: "status", status: 500 }];
    const vote = await recordVote(db, { battle: battle(1), winner: "model_a" });
    const sync = makeSync({ baseDelayMs: 10_000, random: () => 0 });
    const before = Date.now();
    await sync.syncNow();
    const v = await db.outbox.get(vote.idempotencyKey);
    expect(v).toMatchObject({ state: "pending", attempts: 1, lastError: { code: "unavailable:vote" } });
    // random()=0 → half the delay
    expect(v!.nextAttemptAt - before).toBeGreaterThanOrEqual(5000);
    expect(v!.nextAttemptAt - Date.now()).toBeLessThanOrEqual(5000);
    expect(sync.backoffMs(3)).toBe(20_000);
    expect(makeSync({ baseDelayMs: 1000, maxDelayMs: 8000, random: () => 1 }).backoffMs(30)).toBe(8000);
  });

  it("honours Retry-After on 429", async () => {
    server.plan = [{ kind: "status", status: 429, retryAfter: "1" }];
    await recordVote(db, { battle: battle(1), winner: "model_a" });
    makeSync({ baseDelayMs: 10 }).start();
    await waitFor(() => server.stored.size === 1, 4000);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].at - server.requests[0].at).toBeGreaterThanOrEqual(990);
    expect(parseRetryAfter("2")).toBe(2000);
    expect(parseRetryAfter(new Date(Date.now() + 3000).toUTCString())).toBeGreaterThan(1500);
  });

  it("treats a duplicate as synced and reveals the names", async () => {
    const vote = await recordVote(db, { battle: battle(7), winner: "tie (bothbad)" });
    server.stored.set(vote.idempotencyKey, vote.payload as never);
    await makeSync().syncNow();
    expect(await db.outbox.get(vote.idempotencyKey)).toMatchObject({
      state: "synced",
      result: { model_a: "model-a-of-battle-7" },
    });
    expect(server.stored.size).toBe(1);
  });

  it("stops retrying a rejected vote and keeps its error", async () => {
    server.rejectBattles.add("battle-2");
    await recordVote(db, { battle: battle(1), winner: "model_a" });
    const bad = await recordVote(db, { battle: battle(2), winner: "model_a" });
    const sync = makeSync();
    await sync.syncNow();
    await sync.syncNow();
    await sync.syncNow();
    expect(await db.outbox.get(bad.idempotencyKey)).toMatchObject({
      state: "rejected",
      lastError: { code: "forbidden:vote" },
    });
    expect(await outboxCounts(db)).toEqual({ pending: 0, synced: 1, rejected: 1 });
    expect(server.requests.filter((r) => r.keys.includes(bad.idempotencyKey))).toHaveLength(1);
  });

  it("isolates votes one by one when the whole batch is refused with a 4xx", async () => {
    server.plan = [{ kind: "status", status: 400 }, { kind: "ok" }, { kind: "status", status: 400 }];
    await recordVote(db, { battle: battle(1), winner: "model_a" });
    await recordVote(db, { battle: battle(2), winner: "model_b" });
    await makeSync().syncNow();
    expect(server.requests.map((r) => r.keys.length)).toEqual([2, 1, 1]);
    expect(await outboxCounts(db)).toEqual({ pending: 0, synced: 1, rejected: 1 });
  });

  it("resumes after a reload: a request cut off by the tab dying is resent with the same key", async () => {
    const vote = await recordVote(db, { battle: battle(1), winner: "model_a" });
    // First "tab": its request never completes (the tab dies mid-request).
    const dying = makeSync({ fetch: () => new Promise<Response>(() => undefined) });
    void dying.syncNow();
    await new Promise((r) => setTimeout(r, 30));
    dying.stop();
    db.close();
    // "Reload": a new database connection and a new sync loop on the same IndexedDB.
    const db2 = new JoustDB(dbName);
    try {
      expect((await db2.outbox.get(vote.idempotencyKey))?.state).toBe("pending");
      await makeSync({}, db2).syncNow();
      expect(server.requests).toEqual([expect.objectContaining({ keys: [vote.idempotencyKey] })]);
      expect((await db2.outbox.get(vote.idempotencyKey))?.state).toBe("synced");
    } finally {
      db2.close();
    }
  });

  it("is exactly-once when the server stores a batch but the response is lost", async () => {
    server.plan = [{ kind: "lose-response" }];
    const v1 = await recordVote(db, { battle: battle(1), winner: "model_a" });
    const v2 = await recordVote(db, { battle: battle(2), winner: "model_b" });
    makeSync().start();
    await waitFor(async () => (await outboxCounts(db)).synced === 2);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].keys.sort()).toEqual([v1.idempotencyKey, v2.idempotencyKey].sort());
    expect(server.stored.size).toBe(2);
  });

  it("comes back online: network failures are retried at once, rate-limited ones keep waiting", async () => {
    server.plan = [{ kind: "destroy" }];
    const offline = await recordVote(db, { battle: battle(1), winner: "model_a" });
    const sync = makeSync({ baseDelayMs: 60_000 });
    await sync.syncNow();
    expect((await db.outbox.get(offline.idempotencyKey))?.lastError?.code).toBe("offline:vote");
    server.plan = [{ kind: "status", status: 429, retryAfter: "120" }];
    const limited = await recordVote(db, { battle: battle(2), winner: "model_a" });
    await sync.syncNow();
    await sync.resumeOnline();
    expect((await db.outbox.get(offline.idempotencyKey))?.state).toBe("synced");
    expect((await db.outbox.get(limited.idempotencyKey))?.state).toBe("pending");
  });

  it("runs one sync at a time, in a tab and across tabs sharing a lock", async () => {
    for (let i = 0; i < 5; i++) await recordVote(db, { battle: battle(i), winner: "model_a" });
    const a = makeSync();
    await Promise.all([a.syncNow(), a.syncNow(), a.syncNow()]);
    expect(server.requests).toHaveLength(1);

    for (let i = 5; i < 10; i++) await recordVote(db, { battle: battle(i), winner: "model_a" });
    let tail: Promise<unknown> = Promise.resolve();
    const mutex: Lock = (fn) => {
      const run = tail.then(fn);
      tail = run.catch(() => undefined);
      return run;
    };
    const db2 = new JoustDB(dbName);
    try {
      const tab1 = makeSync({ lock: mutex });
      const tab2 = makeSync({ lock: mutex }, db2);
      await Promise.all([tab1.syncNow(), tab2.syncNow()]);
      const sent = server.requests.slice(1).flatMap((r) => r.keys);
      expect(sent).toHaveLength(5);
      expect(new Set(sent).size).toBe(5);
    } finally {
      db2.close();
    }
  });
});
