import "server-only";
import type { ChatCompletionChunk } from "@/lib/chat-protocol/types";
import { feedFrom, type Feed } from "@/lib/feed";
import { assertDirectUse, chatFeed, streamChat, toChoiceEvent } from "@/lib/providers/remote-chat";
import type { ChoiceEvent } from "@/lib/providers/types";
import type { ProviderRequest } from "@/lib/providers/stream";

export type { ChoiceEvent };

/**
 * Runs `n` independent generations of one request as one feed of events with the right choice
 * index. One failing choice aborts the others and fails the whole call. For n = 1 this is the
 * model's own feed (one batch per upstream read).
 */
export function runChoices(model: string, req: ProviderRequest, n: number, signal: AbortSignal): Feed<ChoiceEvent[]> {
  assertDirectUse(model);
  return n === 1 ? chatFeed(model, req, signal) : feedFrom(interleave(model, req, n, signal));
}

async function* interleave(
  model: string,
  req: ProviderRequest,
  n: number,
  signal: AbortSignal,
): AsyncGenerator<ChoiceEvent[]> {
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
      const e = toChoiceEvent(i, r.value);
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
    return {
      prompt_tokens: this.prompt,
      completion_tokens: this.completion,
      total_tokens: this.prompt + this.completion,
    };
  }
}

/** Joins content deltas given as JSON string literals into the text: one parse for the whole answer. */
export function joinJson(literals: string[]): string {
  let body = "";
  for (const l of literals) body += l.slice(1, -1);
  return JSON.parse(`"${body}"`) as string;
}
