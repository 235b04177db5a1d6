// PLACEHOLDER — replaced by the webllm engine work.
import { JoustError } from "@/lib/errors";
import type { WorkerBackend } from "../protocol";
import type { ChatCompletionChunk, EngineCapabilities } from "../types";

export class WebLLMBackend implements WorkerBackend {
  async load(): Promise<EngineCapabilities> {
    throw new JoustError("unsupported:engine", "webllm engine not built yet");
  }
  // eslint-disable-next-line require-yield
  async *stream(): AsyncIterable<ChatCompletionChunk> {
    throw new JoustError("unsupported:engine", "webllm engine not built yet");
  }
  async unload(): Promise<void> {}
}
