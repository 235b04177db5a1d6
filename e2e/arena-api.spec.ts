import { existsSync, readFileSync } from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import type { CreateBattleResponse, VoteResult, VoteSubmission } from "@/lib/arena/api-types";

/** Remote model names configured for e2e (none when the config template is absent). */
function remoteNames(): string[] {
  const path = "e2e/joust.e2e.config.json";
  if (!existsSync(path)) return [];
  const cfg = JSON.parse(readFileSync(path, "utf8")) as { models?: Array<{ name: string }> };
  return (cfg.models ?? []).map((m) => m.name);
}

const REMOTE = remoteNames();
const local = (id: string) => ({ id, backend: "fake", displayName: id, vramMB: 100 });

async function createBattle(request: APIRequestContext): Promise<CreateBattleResponse> {
  // With remote models configured, one local model forces a remote side; without, two locals battle.
  // (fake:beta, not fake:alpha: the stub's replies say "alpha", and the server checks the reply it streamed
  // itself for the battle's model names — an "alpha" there would count as an identity leak.)
  const body = REMOTE.length
    ? { mode: "anonymous", localModels: [local("fake:beta")] }
    : { mode: "anonymous", localModels: [local("fake:alpha"), local("fake:beta")], allowTwoLocal: true };
  const res = await request.post("/api/arena/battles", { data: body });
  expect(res.status(), await res.text()).toBe(201);
  const text = await res.text();
  for (const name of REMOTE) expect(text, `anonymous battle leaks ${name}`).not.toContain(name);
  return JSON.parse(text);
}

function vote(b: CreateBattleResponse, over: Partial<VoteSubmission> = {}): VoteSubmission {
  return {
    idempotencyKey: `e2e-${b.battleId}`,
    battleId: b.battleId,
    token: b.token,
    winner: "model_a",
    turn: 1,
    language: "English",
    tstamp: Date.now() / 1000,
    conversation_a: [
      { role: "user", content: "Name a prime." },
      { role: "assistant", content: "7" },
    ],
    conversation_b: [
      { role: "user", content: "Name a prime." },
      { role: "assistant", content: "11" },
    ],
    ...over,
  };
}

async function sendVotes(request: APIRequestContext, votes: VoteSubmission[]): Promise<VoteResult[]> {
  const res = await request.post("/api/arena/votes", { data: { votes } });
  expect(res.status()).toBe(200);
  return (await res.json()).results;
}

async function exported(request: APIRequestContext, battleId: string): Promise<Array<Record<string, unknown>>> {
  const res = await request.get("/api/arena/battles/export?format=jsonl");
  expect(res.status()).toBe(200);
  const text = await res.text();
  return text.trim()
    ? text
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l))
        .filter((r) => r.question_id === battleId)
    : [];
}

test("arena API: hidden names, rejected votes store nothing, a valid vote reveals names", async ({ request }) => {
  const b = await createBattle(request);
  const other = await createBattle(request);
  expect(b.token).not.toBe(other.token);

  // A remote side streams without its model name (when remote models are configured).
  const remoteSide = (["a", "b"] as const).find((s) => b.sides[s].kind === "remote");
  if (remoteSide) {
    expect(b.sides[remoteSide]).toEqual({ kind: "remote" });
    const res = await request.post(`/api/arena/battles/${b.battleId}/stream`, {
      data: { token: b.token, side: remoteSide, messages: [{ role: "user", content: "Say hi" }] },
    });
    const sse = await res.text();
    for (const name of REMOTE) expect(sse).not.toContain(name);
  }

  const sig = b.token.split(".")[2];
  const forged = `${b.battleId}.${b.expiresAt}.${(sig[0] === "A" ? "B" : "A") + sig.slice(1)}`;
  const rejected = await sendVotes(request, [
    vote(b, { token: forged, idempotencyKey: `forged-${b.battleId}` }),
    vote(b, { token: other.token, idempotencyKey: `reused-${b.battleId}` }),
    vote(b, { battleId: "00000000-0000-4000-8000-000000000000", idempotencyKey: `unknown-${b.battleId}` }),
  ]);
  expect(rejected.map((r) => (r.status === "rejected" ? r.error.code : r.status))).toEqual([
    "forbidden:vote",
    "forbidden:vote",
    "not_found:arena",
  ]);
  for (const name of REMOTE) expect(JSON.stringify(rejected)).not.toContain(name);
  expect(await exported(request, b.battleId)).toHaveLength(0);

  // Single-vote endpoint: clear statuses.
  expect(
    (
      await request.post(`/api/arena/battles/${b.battleId}/vote`, {
        data: vote(b, { token: forged, battleId: undefined }),
      })
    ).status(),
  ).toBe(403);
  expect(
    (await request.post(`/api/arena/battles/nope/vote`, { data: vote(b, { battleId: undefined }) })).status(),
  ).toBe(404);
  expect(await exported(request, b.battleId)).toHaveLength(0);

  // The valid vote is stored and reveals both names.
  const [ok] = await sendVotes(request, [vote(b)]);
  expect(ok.status).toBe("stored");
  if (ok.status === "rejected") throw new Error("rejected");
  expect(ok.model_a).toBeTruthy();
  expect(ok.model_b).toBeTruthy();
  expect(ok.model_a).not.toBe(ok.model_b);
  if (remoteSide) expect(REMOTE).toContain(remoteSide === "a" ? ok.model_a : ok.model_b);

  // Idempotent retry; a second, different vote with the reused token is a conflict.
  const [dup, second] = await sendVotes(request, [
    vote(b),
    vote(b, { idempotencyKey: `second-${b.battleId}`, winner: "tie" }),
  ]);
  expect(dup).toMatchObject({ status: "duplicate", model_a: ok.model_a, model_b: ok.model_b });
  expect(second).toMatchObject({ status: "rejected", error: { code: "conflict:vote" } });
  expect(
    (
      await request.post(`/api/arena/battles/${b.battleId}/vote`, {
        data: vote(b, { idempotencyKey: `third-${b.battleId}` }),
      })
    ).status(),
  ).toBe(409);

  const rows = await exported(request, b.battleId);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    model_a: ok.model_a,
    model_b: ok.model_b,
    winner: "model_a",
    anony: true,
    counted: true,
  });
});
