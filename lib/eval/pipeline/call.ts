/** One chat completion through a ChatEngine, collected, with retries and accounting. */
import { collect } from "@/lib/chat-protocol/chunks";
import type { ChatEngine } from "@/lib/engines/types";
import type { ChatMessage } from "@/lib/chat-protocol/types";
import { JoustError } from "@/lib/errors";
import type { RunAccounting } from "./accounting";
import { withRetry, type RetryOptions } from "./retry";

export interface CallOptions {
  temperature: number;
  maxTokens: number;
  signal?: AbortSignal;
  retry?: RetryOptions;
  accounting?: RunAccounting;
  /** Name to account the tokens under (the model or the judge). */
  name: string;
}

export async function complete(engine: ChatEngine, messages: ChatMessage[], opts: CallOptions): Promise<string> {
  return withRetry(
    async () => {
      const r = await collect(
        engine.stream({ messages, temperature: opts.temperature, max_tokens: opts.maxTokens }, { signal: opts.signal }),
      );
      if (opts.signal?.aborted || r.finishReason === "abort") throw new JoustError("aborted:chat", "Stopped.");
      if (r.finishReason === "error") throw new JoustError("upstream:provider", "The model ended with an error.");
      opts.accounting?.addCall(opts.name, r.usage, messages.map((m) => m.content).join("\n"), r.text);
      return r.text;
    },
    { ...opts.retry, signal: opts.signal },
  );
}
