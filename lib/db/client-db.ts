/**
 * The browser database (IndexedDB via Dexie): one typed class, versioned stores.
 * Queries live beside it by domain (lib/db/conversations.ts, battles.ts, custom-models.ts);
 * the vote outbox's are in lib/arena/outbox.ts.
 */
import Dexie, { type EntityTable } from "dexie";
import type { ChatMessage } from "@/lib/chat-protocol/types";
import type { ToolCall } from "@/lib/chat-protocol/tools";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import type { EvalAnswerRow, EvalErrorRow, EvalJudgmentRow, EvalRun } from "@/lib/eval/browser/types";

export interface GenerationParams {
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  stop?: string[];
  seed?: number;
}

export interface Conversation {
  id: string;
  title: string;
  modelId: string;
  systemPrompt: string;
  params: GenerationParams;
  createdAt: number;
  updatedAt: number;
}

export interface StoredMessage {
  id: string;
  conversationId: string;
  /** Position in the conversation (0-based). */
  index: number;
  role: ChatMessage["role"];
  content: string;
  modelId?: string;
  createdAt: number;
  /** Assistant messages: how generation ended and how fast it was. */
  finishReason?: "stop" | "length" | "abort" | "error" | null;
  error?: { code: string; message: string };
  stats?: { ttftMs?: number; tokensPerSecond?: number; completionTokens?: number };
  /** User messages to a vision model: the attached images (data URLs), sent again with the history. */
  images?: string[];
  /** Assistant messages: the tool calls the model made (shown as collapsible blocks). */
  toolCalls?: ToolCall[];
}

/** A user-added model (self-hosted weights by URL). */
export interface CustomModel extends ModelDescriptor {
  addedAt: number;
}

/** A battle as the browser saw it: both conversations, models (once revealed), parameters. */
export interface LocalBattle {
  id: string; // server battle id
  mode: "anonymous" | "named";
  token: string;
  createdAt: number;
  /** Side A/B model ids as far as the browser knows them (remote anonymous sides stay undefined until revealed). */
  modelA?: string;
  modelB?: string;
  conversationA: ChatMessage[];
  conversationB: ChatMessage[];
  params: GenerationParams;
  status: "open" | "voted";
}

/** A vote waiting in (or having left) the outbox. Written before anything else. */
export interface OutboxVote {
  idempotencyKey: string;
  battleId: string;
  createdAt: number;
  state: "pending" | "synced" | "rejected";
  attempts: number;
  nextAttemptAt: number;
  lastError?: { code: string; message: string };
  /** The payload sent to the server (see lib/arena/api-types.ts VoteSubmission). */
  payload: Record<string, unknown>;
  /** What the server answered on success (revealed model names). */
  result?: { model_a: string; model_b: string; counted: boolean };
}

export class JoustDB extends Dexie {
  conversations!: EntityTable<Conversation, "id">;
  messages!: EntityTable<StoredMessage, "id">;
  customModels!: EntityTable<CustomModel, "id">;
  battles!: EntityTable<LocalBattle, "id">;
  outbox!: EntityTable<OutboxVote, "idempotencyKey">;
  evalRuns!: EntityTable<EvalRun, "id">;
  evalAnswers!: EntityTable<EvalAnswerRow, "id">;
  evalJudgments!: EntityTable<EvalJudgmentRow, "id">;
  evalErrors!: EntityTable<EvalErrorRow, "id">;

  constructor(name = "joust") {
    super(name);
    this.version(1).stores({
      conversations: "id, updatedAt, title",
      messages: "id, conversationId, [conversationId+index]",
      customModels: "id, addedAt",
      battles: "id, createdAt, status",
      outbox: "idempotencyKey, battleId, state, nextAttemptAt, createdAt",
    });
    // v2: MT-Bench-style evaluation (lib/eval/browser/store.ts); earlier tables unchanged.
    this.version(2).stores({
      evalRuns: "id, updatedAt",
      evalAnswers: "id, runId",
      evalJudgments: "id, runId",
      evalErrors: "id, runId",
    });
  }
}
