import "server-only";
import { normalizeStop, applyStop } from "@/lib/chat-protocol/chunks";
import type { RichParams } from "@/lib/chat-protocol/tools";
import type { ChatCompletionChunk, ChatRequest, FinishReason } from "@/lib/chat-protocol/types";
import { JoustError } from "@/lib/errors";
import { anthropicAdapter } from "./adapters/anthropic";
import { geminiAdapter, geminiRetryAfter } from "./adapters/gemini";
import { OPENAI_FLAVORS, openAiAdapter } from "./adapters/openai";
import { chunk, type AdapterRequest, type ProviderAdapter, type Usage } from "./adapters/types";
import type { ModelEntry } from "./config";
import { toProviderError, type AbortCause } from "./errors";
import type { ProviderKind } from "./types";

export const ADAPTERS: Record<ProviderKind, ProviderAdapter> = {
  openai: openAiAdapter(OPENAI_FLAVORS.openai),
  mistral: openAiAdapter(OPENAI_FLAVORS.mistral),
  "openai-compatible": openAiAdapter(OPENAI_FLAVORS["openai-compatible"]),
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
};

export type ProviderRequest = ChatRequest & {
  user?: string;
  /** The caller reports no token usage (a v1 stream without `include_usage`): the upstream is not asked for it. */
  skipUsage?: boolean;
  /** Tools, structured output, log-probabilities, images (lib/chat-protocol/tools.ts); absent on plain requests. */
  rich?: RichParams;
  /**
   * Relay tool calls a model makes unasked (the app's chat sends no tools): the OpenAI passthrough then
   * parses events, not only text. The other paths relay tool-call deltas anyway.
   */
  toolEvents?: boolean;
};

/**
 * Runs one upstream stream with what every provider needs the same way: the entry's
 * default params, an idle timeout (first byte and between chunks), the caller's abort,
 * exact stop sequences (enforced here even if the upstream ignores them), a check that
 * the stream really finished, and SDK failures mapped to typed errors by class/status.
 * The finish chunk comes last and carries usage (estimated when the upstream sent none).
 */
export async function* streamEntry(
  entry: ModelEntry,
  req: ProviderRequest,
  signal: AbortSignal,
  adapter = ADAPTERS[entry.provider],
): AsyncGenerator<ChatCompletionChunk> {
  if (signal.aborted) throw new JoustError("aborted:chat", "Generation was stopped.");
  const stop = normalizeStop(req.stop);
  const hold = stop ? Math.max(...stop.map((s) => s.length)) - 1 : 0;
  const merged = mergeRequest(entry, req, stop);
  const ctl = new AbortController();
  let cause: AbortCause;
  const onAbort = () => {
    cause ??= "client";
    ctl.abort();
  };
  signal.addEventListener("abort", onAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      cause ??= "timeout";
      ctl.abort();
    }, entry.timeoutMs);
  };

  let id = "";
  // With stops: the text not yet sent, held back in case it starts a stop sequence. Only this tail
  // (at most the longest stop − 1 characters plus the new content) is searched, so a long answer in
  // many small chunks costs linear time, not a search over the whole answer on every chunk.
  let pending = "";
  let pieces = 0;
  let finish: FinishReason = null;
  let usage: Usage | undefined;
  const out = (content: string) => {
    pieces++;
    return chunk(id, entry.name, content);
  };
  try {
    arm();
    for await (const c of adapter.stream(entry, merged, ctl.signal)) {
      arm();
      id ||= c.id;
      if (c.usage) usage = c.usage;
      const choice = c.choices[0];
      if (!choice) continue;
      const content = choice.delta.content;
      // Tool-call fragments and log-probabilities (rich requests only) pass as they came.
      if (!content && !finish && (choice.delta.tool_calls || choice.logprobs)) {
        pieces++;
        yield { ...c, choices: [{ ...choice, finish_reason: null }] };
      }
      if (content && !finish) {
        if (!stop) {
          pieces++;
          yield choice.finish_reason || c.usage ? out(content) : c;
        } else {
          pending += content;
          const cut = applyStop(pending, stop);
          if (cut.stopped) {
            if (cut.text) yield out(cut.text);
            cause = "stop";
            ctl.abort();
            finish = "stop";
            break;
          }
          const safe = pending.length - hold;
          if (safe > 0) {
            yield out(pending.slice(0, safe));
            pending = pending.slice(safe);
          }
        }
      }
      if (choice.finish_reason && !finish) {
        finish = choice.finish_reason;
        if (stop && pending) {
          yield out(pending);
          pending = "";
        }
      }
    }
    // SDKs end iteration quietly when their signal aborts: report why it stopped.
    if (!finish && cause) throw toProviderError(new Error("aborted"), { model: entry.name, cause });
    if (!finish)
      throw new JoustError("upstream:provider", `${entry.name}: the provider stream ended before it was complete.`);
    usage ??= estimateUsage(req, pieces);
    yield chunk(id, entry.name, undefined, finish, usage);
  } catch (err) {
    if (cause === "stop" && finish) {
      yield chunk(id, entry.name, undefined, finish, usage ?? estimateUsage(req, pieces));
      return;
    }
    throw toProviderError(err, { model: entry.name, cause, retryAfter: geminiRetryAfter.get(ctl.signal) });
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
    if (!finish && !ctl.signal.aborted) ctl.abort();
  }
}

/** The entry's default params under the caller's fields, with `stop` normalised. */
export function mergeRequest(entry: ModelEntry, req: ProviderRequest, stop = normalizeStop(req.stop)): AdapterRequest {
  return { ...entry.params, ...stripUndefined({ ...req, stop }), messages: req.messages };
}

export function estimateUsage(req: ChatRequest, completion: number): Usage {
  const chars = req.messages.reduce((n, m) => n + m.content.length, 0);
  const prompt = Math.ceil(chars / 4);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

function stripUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  const r: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (r as Record<string, unknown>)[k] = v;
  return r;
}
