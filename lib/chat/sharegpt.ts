/**
 * ShareGPT JSON — the format FastChat trains on:
 *   [{ id, conversations: [{ from: "human" | "gpt" | "system", value }] }]
 * Export writes every conversation (plus optional `title`/`model` fields FastChat ignores);
 * import validates the whole file first and then writes it in one Dexie transaction,
 * so a bad file imports nothing.
 */
import { z } from "zod";
import { JoustError } from "@/lib/errors";
import type { JoustDB, StoredMessage } from "@/lib/db/client-db";
import { db as defaultDb } from "@/lib/db/db";
import {
  getAllWithMessages,
  insertConversations,
  titleFrom,
  type ConversationWithMessages,
} from "@/lib/db/conversations";

const turnSchema = z.object({
  from: z.enum(["human", "gpt", "system"], { error: "must be human, gpt or system" }),
  value: z.string({ error: "must be a string" }),
});

const itemSchema = z.object({
  id: z.union([z.string(), z.number()], { error: "must be a string or a number" }).optional(),
  conversations: z.array(turnSchema, { error: "must be an array" }),
  title: z.string().optional(),
  model: z.string().optional(),
});

const fileSchema = z.array(itemSchema, { error: "The file must contain a JSON array of conversations" });

export type ShareGptTurn = z.infer<typeof turnSchema>;
export type ShareGptItem = z.infer<typeof itemSchema>;

const ROLE_TO_FROM = { user: "human", assistant: "gpt", system: "system" } as const;
const FROM_TO_ROLE = { human: "user", gpt: "assistant", system: "system" } as const;

export function toShareGpt(items: ConversationWithMessages[]): ShareGptItem[] {
  return items.map(({ conversation, messages }) => {
    const turns: ShareGptTurn[] = [];
    if (conversation.systemPrompt.trim()) turns.push({ from: "system", value: conversation.systemPrompt });
    for (const m of messages) {
      // An answer that failed before producing text carries nothing to train on.
      if (m.role === "assistant" && m.error && !m.content) continue;
      turns.push({ from: ROLE_TO_FROM[m.role], value: m.content });
    }
    return { id: conversation.id, title: conversation.title, model: conversation.modelId, conversations: turns };
  });
}

/** Validate parsed JSON; throws `bad_request:import` naming the first problem. */
export function parseShareGpt(data: unknown): ShareGptItem[] {
  const result = fileSchema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.path;
  if (path.length === 0) throw new JoustError("bad_request:import", issue.message, { path: "" });
  const [item, ...rest] = path;
  const field = rest.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
  const where = `item ${Number(item) + 1}`;
  const message = field ? `${where}: ${field} ${issue.message}` : `${where}: ${issue.message}`;
  throw new JoustError("bad_request:import", message, { path: path.join(".") });
}

/** Parse file text (JSON) into validated items. */
export function parseShareGptText(text: string): ShareGptItem[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new JoustError(
      "bad_request:import",
      `The file is not valid JSON (${err instanceof Error ? err.message : "parse error"}).`,
    );
  }
  return parseShareGpt(data);
}

/** Turn validated items into new conversations (fresh ids, so an import never overwrites). */
export function fromShareGpt(
  items: ShareGptItem[],
  fallbackModelId: string,
  now = Date.now(),
): ConversationWithMessages[] {
  return items.map((item, n) => {
    const id = crypto.randomUUID();
    const system = item.conversations
      .filter((t) => t.from === "system")
      .map((t) => t.value)
      .join("\n\n");
    const turns = item.conversations.filter((t) => t.from !== "system");
    const firstHuman = turns.find((t) => t.from === "human")?.value ?? "";
    // Keep the file's order in the sidebar: the first item ends up on top.
    const stamp = now - n;
    const messages: StoredMessage[] = turns.map((t, index) => ({
      id: crypto.randomUUID(),
      conversationId: id,
      index,
      role: FROM_TO_ROLE[t.from],
      content: t.value,
      createdAt: stamp,
      ...(t.from === "gpt" ? { finishReason: "stop" as const, modelId: item.model ?? fallbackModelId } : {}),
    }));
    return {
      conversation: {
        id,
        title: item.title?.trim() || titleFrom(firstHuman),
        modelId: item.model ?? fallbackModelId,
        systemPrompt: system,
        params: {},
        createdAt: stamp,
        updatedAt: stamp,
      },
      messages,
    };
  });
}

export async function exportShareGpt(db: JoustDB = defaultDb): Promise<string> {
  return JSON.stringify(toShareGpt(await getAllWithMessages(db)), null, 2);
}

/** Validate then import atomically. Returns how many conversations were imported. */
export async function importShareGpt(text: string, fallbackModelId: string, db: JoustDB = defaultDb): Promise<number> {
  const items = fromShareGpt(parseShareGptText(text), fallbackModelId);
  try {
    await insertConversations(items, db);
  } catch (err) {
    throw JoustError.from(err, "internal:import");
  }
  return items.length;
}
