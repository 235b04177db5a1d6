/** A ChatEngine for pipeline unit tests: replies come from a function of the request; records every request. */
import { makeChunk } from "@/lib/chat-protocol/chunks";
import type { ChatCompletionChunk, ChatRequest } from "@/lib/chat-protocol/types";
import type { ChatEngine, StreamOptions } from "@/lib/engines/types";

export class ScriptedEngine implements ChatEngine {
  readonly capabilities = { backend: "fake" as const, device: "cpu" as const };
  readonly requests: ChatRequest[] = [];
  constructor(
    readonly modelId: string,
    private readonly reply: (req: ChatRequest, call: number) => string | Error | Promise<string | Error>,
  ) {}
  async load(): Promise<void> {}
  async unload(): Promise<void> {}
  async *stream(req: ChatRequest, opts: StreamOptions = {}): AsyncIterable<ChatCompletionChunk> {
    this.requests.push(structuredClone(req));
    const r = await this.reply(req, this.requests.length);
    if (r instanceof Error) throw r;
    if (opts.signal?.aborted) return yield makeChunk("x", this.modelId, undefined, "abort");
    const half = Math.floor(r.length / 2);
    yield makeChunk("x", this.modelId, r.slice(0, half));
    yield makeChunk("x", this.modelId, r.slice(half), "stop", {
      prompt_tokens: 10,
      completion_tokens: 5,
      total_tokens: 15,
    });
  }
}
