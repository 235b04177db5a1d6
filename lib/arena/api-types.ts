/**
 * HTTP contract of the arena (server: app/api/arena/*; browser: lib/arena/client.ts).
 *
 * POST /api/arena/battles                      CreateBattleRequest → CreateBattleResponse (201)
 * POST /api/arena/battles/:id/stream           SideStreamRequest → SSE (lib/sse.ts format) of ChatCompletionChunk
 *       (remote sides only; the browser never learns an anonymous remote model's name before voting)
 * POST /api/arena/votes                        { votes: VoteSubmission[] } (≤ 50) → { results: VoteResult[] } (200)
 * GET  /api/arena/battles/export?format=json|jsonl&anony=1  FastChat clean-battle file
 * POST /api/arena/battles/import               FastChat clean-battle JSON / JSONL body
 */
import type { ChatMessage, ChatRequest } from "@/lib/chat-protocol/types";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import type { Winner } from "@/lib/rating/types";

export interface CreateBattleRequest {
  mode: "anonymous" | "named";
  /** In-browser models the user enabled (ids + descriptors the server may pair). */
  localModels: Array<Pick<ModelDescriptor, "id" | "backend" | "displayName" | "vramMB">>;
  /** Named mode only: the two models the user picked (ids; remote ids are "remote:<name>"). */
  modelA?: string;
  modelB?: string;
  /** Optional: the client can hold two in-browser models (else at most one local side per battle). */
  allowTwoLocal?: boolean;
  /** Optional: memory budget (MB) for in-browser models; two locals whose vramMB sum exceeds it run sequentially. */
  localBudgetMB?: number;
}

export type BattleSide =
  /** The browser runs this side itself; it knows the model (kept out of the DOM until the vote). */
  | { kind: "local"; model: Pick<ModelDescriptor, "id" | "backend" | "displayName"> }
  /** The server streams this side; `model` is present only in named battles. */
  | { kind: "remote"; model?: string };

export interface CreateBattleResponse {
  battleId: string;
  /** HMAC-signed by the server; required to stream and to vote. */
  token: string;
  expiresAt: number;
  mode: "anonymous" | "named";
  sides: { a: BattleSide; b: BattleSide };
  /** True when two local models could not both fit and will run one after the other. */
  sequential: boolean;
}

export interface SideStreamRequest extends Omit<ChatRequest, "messages"> {
  token: string;
  side: "a" | "b";
  messages: ChatMessage[];
}

export interface VoteSubmission {
  idempotencyKey: string;
  battleId: string;
  token: string;
  winner: Winner;
  turn: number;
  language?: string;
  tstamp: number;
  conversation_a: ChatMessage[];
  conversation_b: ChatMessage[];
}

export type VoteResult =
  | { idempotencyKey: string; status: "stored" | "duplicate"; model_a: string; model_b: string; counted: boolean }
  | { idempotencyKey: string; status: "rejected"; error: { code: string; message: string } };
