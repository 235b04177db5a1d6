/**
 * A real HTTP server (node:http) speaking the POST /api/arena/votes contract of lib/arena/api-types.ts,
 * with scriptable failures, for testing the outbox + sync loop over a real network stack.
 * It stands in for our own server (app/api/arena/votes), which dedupes by idempotency key.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { VoteResult, VoteSubmission } from "./api-types";

export type Action =
  | { kind: "ok" }
  | { kind: "status"; status: number; retryAfter?: string }
  /** Drop the connection before handling the request (nothing stored). */
  | { kind: "destroy" }
  /** Store the votes, then drop the connection: the client never sees the answer. */
  | { kind: "lose-response" };

export interface VoteEndpoint {
  url: string;
  /** Actions for the next requests, consumed in order; "ok" once empty. */
  plan: Action[];
  stored: Map<string, VoteSubmission>;
  requests: Array<{ at: number; keys: string[] }>;
  /** Battle ids whose votes are rejected (e.g. an expired token). */
  rejectBattles: Set<string>;
  close(): Promise<void>;
}

export async function startVoteEndpoint(): Promise<VoteEndpoint> {
  const state = {
    plan: [] as Action[],
    stored: new Map<string, VoteSubmission>(),
    requests: [] as Array<{ at: number; keys: string[] }>,
    rejectBattles: new Set<string>(),
  };
  const answer = (votes: VoteSubmission[]): VoteResult[] =>
    votes.map((v) => {
      if (state.rejectBattles.has(v.battleId)) {
        return {
          idempotencyKey: v.idempotencyKey,
          status: "rejected",
          error: { code: "forbidden:vote", message: "The battle token is invalid or expired." },
        };
      }
      const duplicate = state.stored.has(v.idempotencyKey);
      if (!duplicate) state.stored.set(v.idempotencyKey, v);
      return {
        idempotencyKey: v.idempotencyKey,
        status: duplicate ? "duplicate" : "stored",
        model_a: `model-a-of-${v.battleId}`,
        model_b: `model-b-of-${v.battleId}`,
        counted: true,
      };
    });

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/api/arena/votes") {
        res
          .writeHead(404, { "content-type": "application/json" })
          .end(JSON.stringify({ error: { code: "not_found:api", message: "no route" } }));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { votes: VoteSubmission[] };
      state.requests.push({ at: Date.now(), keys: body.votes.map((v) => v.idempotencyKey) });
      const action = state.plan.shift() ?? { kind: "ok" };
      const json = (status: number, payload: unknown, headers: Record<string, string> = {}) =>
        res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(payload));
      if (body.votes.length > 50)
        return json(413, { error: { code: "payload_too_large:vote", message: "At most 50 votes per request." } });
      switch (action.kind) {
        case "destroy":
          return void req.socket.destroy();
        case "lose-response":
          answer(body.votes);
          return void req.socket.destroy();
        case "status":
          return json(
            action.status,
            {
              error: {
                code: action.status === 429 ? "rate_limit:vote" : "unavailable:vote",
                message: `HTTP ${action.status}`,
              },
            },
            action.retryAfter ? { "retry-after": action.retryAfter } : {},
          );
        case "ok":
          return json(200, { results: answer(body.votes) });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/arena/votes`,
    get plan() {
      return state.plan;
    },
    set plan(p: Action[]) {
      state.plan = p;
    },
    stored: state.stored,
    requests: state.requests,
    rejectBattles: state.rejectBattles,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
