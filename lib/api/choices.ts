import "server-only";
import type { ChatCompletionChunk, ChatRequest, FinishReason } from "@/lib/engines/types";
import { streamChat, streamChatBatches } from "@/lib/providers";

export interface ChoiceEvent {
  index: number;
  content?: string;
  finish?: FinishReason;
  usage?: ChatCompletionChunk["usage"];
}

export type ProviderChatRequest = ChatRequest & { user?: string };

/**
 * Runs `n` independent generations of one request and interleaves their chunks with the
 * right choice index. One failing choice aborts the others and fails the whole call.
 * Events come in batches (for n = 1, one per upstream read) so callers can write them together.
 */
export async function* runChoices(model: string, req: ProviderChatRequest, n: number, signal: AbortSignal): AsyncGenerator<ChoiceEvent[]> {
  if (n === 1) {
    for await (const batch of streamChatBatches(model, req, signal)) {
      const events: ChoiceEvent[] = [];
      for (const c of batch) {
        const e = toEvent(0, c);
        if (e) events.push(e);
      }
      yield events;
    }
    return;
  }
  const ctl = new AbortController();
  const onAbort = () => ctl.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  const its = Array.from({ length: n }, () => streamChat(model, req, ctl.signal)[Symbol.asyncIterator]());
  type Step = { i: number; r: IteratorResult<ChatCompletionChunk> };
  const pending = new Map<number, Promise<Step>>();
  const next = (i: number) => {
    const p = its[i].next().then((r) => ({ i, r }));
    p.catch(() => undefined); // the race below observes the rejection
    pending.set(i, p);
  };
  its.forEach((_, i) => next(i));
  try {
    while (pending.size) {
      const { i, r } = await Promise.race(pending.values());
      if (r.done) {
        pending.delete(i);
        continue;
      }
      next(i);
      const e = toEvent(i, r.value);
      if (e) yield [e];
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    if (pending.size) {
      ctl.abort();
      for (const i of pending.keys()) void its[i].return?.(undefined).catch(() => undefined);
    }
  }
}

function toEvent(index: number, c: ChatCompletionChunk): ChoiceEvent | undefined {
  const ch = c.choices[0];
  if (!ch) return c.usage ? { index, usage: c.usage } : undefined;
  return { index, content: ch.delta.content, finish: ch.finish_reason, usage: c.usage };
}

/** Sums usage over choices: the prompt counted once, completions added. */
export class UsageTotal {
  private prompt = 0;
  private completion = 0;
  private seen = new Set<number>();
  add(index: number, u: ChoiceEvent["usage"]): void {
    if (!u) return;
    if (!this.seen.size) this.prompt = u.prompt_tokens;
    this.seen.add(index);
    this.completion += u.completion_tokens;
  }
  get value() {
    return { prompt_tokens: this.prompt, completion_tokens: this.completion, total_tokens: this.prompt + this.completion };
  }
}
