/**
 * One assistant turn, end to end, with no React in sight: load the engine (with
 * progress), build the request (system prompt + history + sampling parameters),
 * stream, persist the answer progressively (throttled) and at the end with its
 * finish reason and stats. Stop keeps the partial answer; a failed stream keeps the
 * conversation and stores the typed error on the answer.
 */
import type { Conversation, JoustDB, StoredMessage } from "@/lib/db/client-db";
import { db as defaultDb } from "@/lib/db/db";
import {
  appendMessage,
  getConversation,
  getMessages,
  NEW_CHAT_TITLE,
  titleFrom,
  touchConversation,
  truncateAfter,
  updateMessage,
} from "@/lib/db/conversations";
import { JoustError } from "@/lib/errors";
import type { ChatEngine, LoadProgress } from "@/lib/engines/types";
import type { ChatMessage, ChatRequest } from "@/lib/chat-protocol/types";
import { joinToolCalls, type ToolCallDelta } from "@/lib/chat-protocol/tools";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { describeError } from "./errors";

export type TurnPhase = "loading" | "streaming";

export interface TurnOptions {
  conversationId: string;
  model: ModelDescriptor;
  signal: AbortSignal;
  loadEngine: (model: ModelDescriptor, onProgress?: (p: LoadProgress) => void) => Promise<ChatEngine>;
  db?: JoustDB;
  /** Minimum time between progressive writes of the answer (ms). */
  persistEveryMs?: number;
  now?: () => number;
  onStart?: (messageId: string) => void;
  onPhase?: (phase: TurnPhase) => void;
  onProgress?: (p: LoadProgress) => void;
  /** The whole answer so far, after each delta. */
  onText?: (text: string) => void;
}

export interface TurnResult {
  messageId: string;
  content: string;
  finishReason: NonNullable<StoredMessage["finishReason"]>;
  error?: JoustError;
  stats: NonNullable<StoredMessage["stats"]>;
}

/** The request the engine sees: system prompt, then the usable history, then the parameters. */
export function buildRequest(conversation: Conversation, history: StoredMessage[]): ChatRequest {
  const messages: ChatMessage[] = [];
  if (conversation.systemPrompt.trim()) messages.push({ role: "system", content: conversation.systemPrompt });
  for (const m of history) {
    // Failed or empty answers are not part of what the model said.
    if (m.role === "assistant" && !m.content) continue;
    messages.push(
      m.images?.length ? { role: m.role, content: m.content, images: m.images } : { role: m.role, content: m.content },
    );
  }
  const p = conversation.params;
  const req: ChatRequest = { messages };
  if (p.temperature !== undefined) req.temperature = p.temperature;
  if (p.top_p !== undefined) req.top_p = p.top_p;
  if (p.max_tokens !== undefined) req.max_tokens = p.max_tokens;
  if (p.seed !== undefined) req.seed = p.seed;
  const stop = p.stop?.filter((s) => s.length > 0);
  if (stop?.length) req.stop = stop;
  return req;
}

/** Generate the next assistant message of a conversation from its current history. */
export async function runAssistantTurn(opts: TurnOptions): Promise<TurnResult> {
  const db = opts.db ?? defaultDb;
  const now = opts.now ?? (() => performance.now());
  const conversation = await getConversation(opts.conversationId, db);
  if (!conversation) throw new JoustError("not_found:chat", "This conversation no longer exists.");
  const history = await getMessages(conversation.id, db);
  const request = buildRequest(conversation, history);

  const answer = await appendMessage(
    conversation.id,
    { role: "assistant", content: "", modelId: opts.model.id, finishReason: null },
    db,
  );
  opts.onStart?.(answer.id);

  let content = "";
  const toolDeltas: ToolCallDelta[] = [];
  let chunks = 0;
  let completionTokens: number | undefined;
  let startedAt = 0;
  let firstTokenAt: number | undefined;
  let finishReason: TurnResult["finishReason"] = "stop";
  let error: JoustError | undefined;
  let lastWrite = 0;
  const every = opts.persistEveryMs ?? 250;

  try {
    opts.onPhase?.("loading");
    const engine = await opts.loadEngine(opts.model, opts.onProgress);
    if (opts.signal.aborted) throw new JoustError("aborted:chat", "Generation was stopped.");
    opts.onPhase?.("streaming");
    startedAt = now();
    for await (const chunk of engine.stream(request, { signal: opts.signal })) {
      if (chunk.usage) completionTokens = chunk.usage.completion_tokens;
      const choice = chunk.choices[0];
      const delta = choice?.delta.content;
      if (delta) {
        firstTokenAt ??= now();
        chunks++;
        content += delta;
        opts.onText?.(content);
        if (now() - lastWrite >= every) {
          lastWrite = now();
          await updateMessage(answer.id, { content }, db);
        }
      }
      if (choice?.delta.tool_calls) toolDeltas.push(...choice.delta.tool_calls);
      // A turn that ends in tool calls is complete as far as the chat goes (it runs no tools): a stop.
      if (choice?.finish_reason) finishReason = choice.finish_reason === "tool_calls" ? "stop" : choice.finish_reason;
    }
    if (opts.signal.aborted) finishReason = "abort";
  } catch (err) {
    const typed = JoustError.from(err, "internal:engine");
    if (typed.type === "aborted" || opts.signal.aborted) finishReason = "abort";
    else {
      finishReason = "error";
      error = typed;
    }
  }

  const end = now();
  const tokens = completionTokens ?? chunks;
  const stats: TurnResult["stats"] = {};
  if (firstTokenAt !== undefined) {
    stats.ttftMs = Math.round(firstTokenAt - startedAt);
    stats.completionTokens = tokens;
    const seconds = (end - startedAt) / 1000;
    if (seconds > 0 && tokens > 0) stats.tokensPerSecond = Math.round((tokens / seconds) * 10) / 10;
  }
  await updateMessage(
    answer.id,
    {
      content,
      finishReason,
      stats,
      ...(toolDeltas.length ? { toolCalls: joinToolCalls(toolDeltas) } : {}),
      error: error ? { code: error.code, message: describeError(error, opts.model) } : undefined,
    },
    db,
  );
  await touchConversation(conversation.id, {}, db);
  return { messageId: answer.id, content, finishReason, error, stats };
}

/** Append the user's message (naming a fresh conversation after it), then answer it. */
export async function sendMessage(text: string, opts: TurnOptions, images?: string[]): Promise<TurnResult> {
  const db = opts.db ?? defaultDb;
  const conversation = await getConversation(opts.conversationId, db);
  if (!conversation) throw new JoustError("not_found:chat", "This conversation no longer exists.");
  await appendMessage(conversation.id, { role: "user", content: text, ...(images?.length ? { images } : {}) }, db);
  if (conversation.title === NEW_CHAT_TITLE)
    await touchConversation(conversation.id, { title: titleFrom(text || "Image") }, db);
  return runAssistantTurn(opts);
}

/** Drop the last answer (if the conversation ends with one) and answer again. Also "retry after error". */
export async function regenerate(opts: TurnOptions): Promise<TurnResult> {
  const db = opts.db ?? defaultDb;
  const messages = await getMessages(opts.conversationId, db);
  const lastUser = messages.findLastIndex((m) => m.role === "user");
  if (lastUser === -1) throw new JoustError("bad_request:chat", "There is no message to answer.");
  await truncateAfter(opts.conversationId, messages[lastUser].index, db);
  return runAssistantTurn(opts);
}

/** Replace a user message's text, drop everything after it, and answer again. */
export async function editAndResend(messageId: string, text: string, opts: TurnOptions): Promise<TurnResult> {
  const db = opts.db ?? defaultDb;
  const message = await db.messages.get(messageId);
  if (!message || message.conversationId !== opts.conversationId || message.role !== "user") {
    throw new JoustError("bad_request:chat", "Only your own messages can be edited.");
  }
  await db.transaction("rw", db.messages, async () => {
    await updateMessage(messageId, { content: text }, db);
    await truncateAfter(opts.conversationId, message.index, db);
  });
  return runAssistantTurn(opts);
}
