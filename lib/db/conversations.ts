/**
 * Conversation and message queries over the browser database. Components read
 * these through `useLiveQuery`; lib/chat writes through them. Every function takes
 * the database as an optional last argument so tests can pass their own.
 */
import { db as defaultDb } from "./db";
import type { Conversation, GenerationParams, JoustDB, StoredMessage } from "./client-db";

export const NEW_CHAT_TITLE = "New chat";

export interface NewConversation {
  modelId: string;
  title?: string;
  systemPrompt?: string;
  params?: GenerationParams;
}

export async function createConversation(input: NewConversation, db: JoustDB = defaultDb): Promise<Conversation> {
  const now = Date.now();
  const conversation: Conversation = {
    id: crypto.randomUUID(),
    title: input.title?.trim() || NEW_CHAT_TITLE,
    modelId: input.modelId,
    systemPrompt: input.systemPrompt ?? "",
    params: input.params ?? {},
    createdAt: now,
    updatedAt: now,
  };
  await db.conversations.add(conversation);
  return conversation;
}

export function getConversation(id: string, db: JoustDB = defaultDb): Promise<Conversation | undefined> {
  return db.conversations.get(id);
}

/** Messages of a conversation in order. */
export function getMessages(conversationId: string, db: JoustDB = defaultDb): Promise<StoredMessage[]> {
  return db.messages
    .where("[conversationId+index]")
    .between([conversationId, -Infinity], [conversationId, Infinity])
    .toArray();
}

/**
 * Conversations, newest first. A non-empty `search` keeps those whose title or
 * any message text contains it (case-insensitive).
 */
export async function listConversations(search = "", db: JoustDB = defaultDb): Promise<Conversation[]> {
  const all = await db.conversations.orderBy("updatedAt").reverse().toArray();
  const needle = search.trim().toLowerCase();
  if (!needle) return all;
  const byText = new Set<string>();
  await db.messages.each((m) => {
    if (m.content.toLowerCase().includes(needle)) byText.add(m.conversationId);
  });
  return all.filter((c) => c.title.toLowerCase().includes(needle) || byText.has(c.id));
}

export async function renameConversation(id: string, title: string, db: JoustDB = defaultDb): Promise<void> {
  const clean = title.trim();
  if (!clean) return;
  await db.conversations.update(id, { title: clean });
}

export type ConversationSettings = Partial<Pick<Conversation, "systemPrompt" | "params" | "modelId">>;

export async function updateConversationSettings(
  id: string,
  patch: ConversationSettings,
  db: JoustDB = defaultDb,
): Promise<void> {
  await db.conversations.update(id, patch);
}

/** Delete a conversation and all its messages in one transaction. */
export async function deleteConversation(id: string, db: JoustDB = defaultDb): Promise<void> {
  await db.transaction("rw", db.conversations, db.messages, async () => {
    await db.messages.where("conversationId").equals(id).delete();
    await db.conversations.delete(id);
  });
}

/** Append a message at the end of a conversation and bump its `updatedAt`. */
export async function appendMessage(
  conversationId: string,
  message: Pick<StoredMessage, "role" | "content"> & Partial<Omit<StoredMessage, "id" | "conversationId" | "index">>,
  db: JoustDB = defaultDb,
): Promise<StoredMessage> {
  return db.transaction("rw", db.conversations, db.messages, async () => {
    const index = await db.messages.where("conversationId").equals(conversationId).count();
    const now = Date.now();
    const stored: StoredMessage = { createdAt: now, ...message, id: crypto.randomUUID(), conversationId, index };
    await db.messages.add(stored);
    await db.conversations.update(conversationId, { updatedAt: now });
    return stored;
  });
}

export async function updateMessage(
  id: string,
  patch: Partial<Omit<StoredMessage, "id" | "conversationId" | "index">>,
  db: JoustDB = defaultDb,
): Promise<void> {
  await db.messages.update(id, patch);
}

/** Delete every message after position `index` (exclusive). */
export async function truncateAfter(conversationId: string, index: number, db: JoustDB = defaultDb): Promise<void> {
  await db.messages
    .where("[conversationId+index]")
    .between([conversationId, index + 1], [conversationId, Infinity])
    .delete();
}

export async function touchConversation(
  id: string,
  patch: Partial<Conversation> = {},
  db: JoustDB = defaultDb,
): Promise<void> {
  await db.conversations.update(id, { ...patch, updatedAt: Date.now() });
}

/** A short title from the first user message. */
export function titleFrom(text: string, max = 48): string {
  const line = text.replace(/\s+/g, " ").trim();
  if (!line) return NEW_CHAT_TITLE;
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

export interface ConversationWithMessages {
  conversation: Conversation;
  messages: StoredMessage[];
}

export async function getAllWithMessages(db: JoustDB = defaultDb): Promise<ConversationWithMessages[]> {
  const conversations = await db.conversations.orderBy("updatedAt").reverse().toArray();
  return Promise.all(
    conversations.map(async (conversation) => ({ conversation, messages: await getMessages(conversation.id, db) })),
  );
}

/** Write whole conversations atomically: either all of them land, or none. */
export async function insertConversations(items: ConversationWithMessages[], db: JoustDB = defaultDb): Promise<void> {
  await db.transaction("rw", db.conversations, db.messages, async () => {
    await db.conversations.bulkAdd(items.map((i) => i.conversation));
    await db.messages.bulkAdd(items.flatMap((i) => i.messages));
  });
}
