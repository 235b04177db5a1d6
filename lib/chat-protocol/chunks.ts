import type { ChatCompletionChunk, FinishReason } from "@/lib/chat-protocol/types";

/** Build an OpenAI-shaped streaming chunk. */
export function makeChunk(
  id: string,
  model: string,
  content: string | undefined,
  finish: FinishReason = null,
  usage?: ChatCompletionChunk["usage"],
): ChatCompletionChunk {
  const chunk: ChatCompletionChunk = {
    id,
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta: content === undefined ? {} : { content }, finish_reason: finish }],
  };
  if (usage) chunk.usage = usage;
  return chunk;
}

/** Collect a stream into its text and finish reason (a non-streaming result is just the collected stream). */
export async function collect(
  stream: AsyncIterable<ChatCompletionChunk>,
): Promise<{ text: string; finishReason: FinishReason; usage?: ChatCompletionChunk["usage"] }> {
  let text = "";
  let finishReason: FinishReason = null;
  let usage: ChatCompletionChunk["usage"];
  for await (const c of stream) {
    text += c.choices[0]?.delta.content ?? "";
    finishReason = c.choices[0]?.finish_reason ?? finishReason;
    if (c.usage) usage = c.usage;
  }
  return { text, finishReason, usage };
}

/**
 * Apply stop sequences exactly to a growing text: returns the text up to the
 * first stop sequence and whether one was hit. Callers hold back a tail of
 * (longest stop − 1) characters while streaming so a stop split across tokens is honoured.
 */
export function applyStop(text: string, stop: string[] | undefined): { text: string; stopped: boolean } {
  if (!stop?.length) return { text, stopped: false };
  let cut = -1;
  for (const s of stop) {
    if (!s) continue;
    const i = text.indexOf(s);
    if (i !== -1 && (cut === -1 || i < cut)) cut = i;
  }
  return cut === -1 ? { text, stopped: false } : { text: text.slice(0, cut), stopped: true };
}

export function normalizeStop(stop: string | string[] | undefined): string[] | undefined {
  if (stop === undefined) return undefined;
  const list = (Array.isArray(stop) ? stop : [stop]).filter((s) => s.length > 0);
  return list.length ? list : undefined;
}
