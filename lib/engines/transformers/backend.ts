// PLACEHOLDER — replaced by the transformers engine work.
import { JoustError } from "@/lib/errors";
import type { WorkerBackend } from "../protocol";
import type { ChatCompletionChunk, EngineCapabilities } from "../types";

export class TransformersBackend implements WorkerBackend {
  async load(): Promise<EngineCapabilities> {
    throw new JoustError("unsupported:engine", "transformers engine not built yet");
  }
  // eslint-disable-next-line require-yield
  async *stream(): AsyncIterable<ChatCompletionChunk> {
    throw new JoustError("unsupported:engine", "transformers engine not built yet");
  }
  async unload(): Promise<void> {}
}
