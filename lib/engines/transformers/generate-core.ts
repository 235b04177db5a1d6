/**
 * The transformers.js generation logic shared by the Web Worker backend and Node
 * (Vitest, the e2e expected-text helper, the decode benchmark): chat template →
 * token-by-token generation → OpenAI-shaped chunks, with exact stop sequences,
 * max_tokens, seeded sampling, prompt abort and a context-window check.
 */
import {
  BaseStreamer,
  InterruptableStoppingCriteria,
  LogitsProcessorList,
  random,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type Tensor,
} from "@huggingface/transformers";
import { JoustError } from "@/lib/errors";
import { applyStop, makeChunk, normalizeStop } from "@/lib/chat-protocol/chunks";
import { AsyncQueue } from "../async-queue";
import type { ChatCompletionChunk, ChatMessage, ChatRequest, FinishReason } from "@/lib/chat-protocol/types";
import { TopPProcessor } from "./top-p";

export interface LoadedTextModel {
  /** Shown as `model` in chunks. */
  modelId: string;
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
  contextWindow: number;
}

/** Reads max_position_embeddings (or a known alias) from a transformers.js config. */
export function contextWindowOf(config: unknown, fallback = 2048): number {
  const c = (config ?? {}) as Record<string, unknown>;
  for (const k of ["max_position_embeddings", "n_positions", "max_sequence_length", "seq_length"]) {
    if (typeof c[k] === "number" && (c[k] as number) > 0) return c[k] as number;
  }
  return fallback;
}

/** Token ids of the chat-templated prompt (with the assistant generation prompt). */
export function encodeChat(
  tokenizer: PreTrainedTokenizer,
  messages: ChatMessage[],
): { input_ids: Tensor; attention_mask: Tensor } {
  return tokenizer.apply_chat_template(messages, { add_generation_prompt: true, return_dict: true }) as unknown as {
    input_ids: Tensor;
    attention_mask: Tensor;
  };
}

/**
 * Yield to the event loop (a macrotask), so an `abort` message can be handled between
 * decode steps. One reused MessageChannel: unlike nested `setTimeout(0)` it is not clamped
 * to 4 ms, and no channel is created per token.
 */
let yieldChannel: { port: MessagePort; waiting: (() => void)[] } | null = null;
function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === "function") return new Promise((r) => setImmediate(r));
  if (!yieldChannel) {
    const ch = new MessageChannel();
    const waiting: (() => void)[] = [];
    ch.port1.onmessage = () => waiting.shift()?.();
    yieldChannel = { port: ch.port2, waiting };
  }
  const c = yieldChannel;
  return new Promise((resolve) => {
    c.waiting.push(resolve);
    c.port.postMessage(null);
  });
}

/**
 * Decodes a growing id list in O(1) per token (as text-generation-inference does): only
 * the ids since the last committed offset are re-decoded, so tokenizers whose decoders
 * treat the first token specially still produce the same text as a full decode.
 */
class IncrementalDecoder {
  private prefixOffset = 0;
  private readOffset = 0;
  private text = "";
  constructor(private readonly tokenizer: PreTrainedTokenizer) {}
  private decode(ids: bigint[]): string {
    return ids.length ? this.tokenizer.decode(ids, { skip_special_tokens: true }) : "";
  }
  /** The text so far; `pending` while the last token ends inside a multi-byte character. */
  push(ids: bigint[]): { text: string; pending: boolean } {
    const prefix = this.decode(ids.slice(this.prefixOffset, this.readOffset));
    const next = this.decode(ids.slice(this.prefixOffset));
    if (next.endsWith("\uFFFD")) return { text: this.text, pending: true };
    if (next.length > prefix.length) this.text += next.slice(prefix.length);
    this.prefixOffset = this.readOffset;
    this.readOffset = ids.length;
    return { text: this.text, pending: false };
  }
  /** The final text, including a trailing incomplete character if generation ended on one. */
  flush(ids: bigint[]): string {
    const prefix = this.decode(ids.slice(this.prefixOffset, this.readOffset));
    const next = this.decode(ids.slice(this.prefixOffset));
    return this.text + (next.length > prefix.length ? next.slice(prefix.length) : "");
  }
}

/** Receives the generated ids from `generate` and turns them into text deltas. */
class DeltaStreamer extends BaseStreamer {
  private promptSeen = false;
  readonly ids: bigint[] = [];
  constructor(private readonly onToken: (ids: bigint[]) => void) {
    super();
  }
  put(value: bigint[][]): void {
    if (!this.promptSeen) {
      this.promptSeen = true;
      return;
    }
    this.ids.push(...value.map((row) => row[0]));
    this.onToken(this.ids);
  }
  end(): void {}
}

const locks = new WeakMap<object, Promise<void>>();

/**
 * Stream a chat completion. Generations on one model run one at a time (two panes may
 * share an engine); the next starts when the previous stream ends. Throws `context_overflow:engine` before generating when the
 * prompt plus max_tokens does not fit. Aborting keeps the text so far (finish `abort`).
 */
export async function* streamChat(
  loaded: LoadedTextModel,
  request: ChatRequest,
  signal?: AbortSignal,
): AsyncGenerator<ChatCompletionChunk> {
  const previous = locks.get(loaded.model) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((r) => (release = r));
  locks.set(
    loaded.model,
    previous.then(() => mine),
  );
  try {
    await previous;
    if (signal?.aborted) return;
    yield* generateOne(loaded, request, signal);
  } finally {
    release();
  }
}

async function* generateOne(
  loaded: LoadedTextModel,
  request: ChatRequest,
  signal?: AbortSignal,
): AsyncGenerator<ChatCompletionChunk> {
  const { tokenizer, model, contextWindow } = loaded;
  const inputs = encodeChat(tokenizer, request.messages);
  const promptTokens = inputs.input_ids.dims[1];
  const requested = request.max_tokens;
  if (promptTokens + (requested ?? 1) > contextWindow) {
    throw new JoustError(
      "context_overflow:engine",
      `${promptTokens} prompt tokens + ${requested ?? 1} requested exceed the model's ${contextWindow}-token context window.`,
      { promptTokens, requested: requested ?? 1, contextWindow },
    );
  }
  const maxNew = Math.max(1, requested ?? contextWindow - promptTokens);
  const stop = normalizeStop(request.stop);
  const holdBack = stop ? Math.max(...stop.map((s) => s.length)) - 1 : 0;
  const id = `chatcmpl-${crypto.randomUUID()}`;
  const queue = new AsyncQueue<ChatCompletionChunk>();
  const criteria = new InterruptableStoppingCriteria();

  let emitted = 0; // characters of the final text already sent
  let stoppedBySequence = false;
  let finalText = "";
  const eos = new Set<bigint>(
    ([] as number[])
      .concat((model.generation_config as { eos_token_id?: number | number[] } | undefined)?.eos_token_id ?? [])
      .map(BigInt),
  );
  let sawEos = false;
  const decoder = new IncrementalDecoder(tokenizer);
  const streamer = new DeltaStreamer((ids) => {
    if (stoppedBySequence) return;
    if (eos.has(ids[ids.length - 1])) sawEos = true;
    const { text: full, pending } = decoder.push(ids);
    let text = full;
    const cut = applyStop(text, stop);
    if (cut.stopped) {
      stoppedBySequence = true;
      criteria.interrupt();
      text = cut.text;
    }
    finalText = text;
    const safeEnd = cut.stopped ? text.length : pending ? emitted : Math.max(emitted, text.length - holdBack);
    if (safeEnd > emitted) {
      queue.push(makeChunk(id, loaded.modelId, text.slice(emitted, safeEnd)));
      emitted = safeEnd;
    }
  });

  const onAbort = () => criteria.interrupt();
  signal?.addEventListener("abort", onAbort, { once: true });
  // Each decode step first yields to the event loop, so an abort arriving as a message is seen promptly.
  const instance = model as unknown as { forward: (i: unknown) => Promise<unknown> };
  const forward = instance.forward;
  instance.forward = async (modelInputs: unknown) => {
    await yieldToEventLoop();
    return forward.call(model, modelInputs);
  };

  const sampling = (request.temperature ?? 0) > 0;
  if (sampling) random.seed(request.seed);
  const processors = new LogitsProcessorList();
  if (sampling && request.top_p !== undefined && request.top_p < 1) processors.push(new TopPProcessor(request.top_p));
  const run = model
    .generate({
      ...inputs,
      max_new_tokens: maxNew,
      do_sample: sampling,
      temperature: sampling ? request.temperature : undefined,
      top_k: 0,
      logits_processor: processors,
      streamer,
      stopping_criteria: [criteria],
    } as unknown as Parameters<PreTrainedModel["generate"]>[0])
    .then(
      () => {
        const completionTokens = streamer.ids.length;
        let finish: FinishReason;
        if (signal?.aborted) finish = "abort";
        else if (stoppedBySequence || sawEos) finish = "stop";
        else finish = completionTokens >= maxNew ? "length" : "stop";
        if (!stoppedBySequence) finalText = applyStop(decoder.flush(streamer.ids), stop).text;
        if (finalText.length > emitted) queue.push(makeChunk(id, loaded.modelId, finalText.slice(emitted)));
        queue.push(
          makeChunk(id, loaded.modelId, undefined, finish, {
            prompt_tokens: promptTokens,
            completion_tokens: completionTokens,
            total_tokens: promptTokens + completionTokens,
          }),
        );
        queue.close();
      },
      (err: unknown) => queue.fail(JoustError.from(err, "internal:engine")),
    )
    .finally(() => {
      instance.forward = forward;
      signal?.removeEventListener("abort", onAbort);
    });

  try {
    yield* queue;
  } finally {
    criteria.interrupt();
    await run.catch(() => undefined);
  }
}
