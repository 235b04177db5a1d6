// PLACEHOLDER — replaced by the remote providers work (browser adapter: POST to our route, SSE → chunks).
import { JoustError } from "@/lib/errors";
import type { ChatCompletionChunk, ChatEngine, EngineCapabilities, ModelDescriptor } from "./types";

export class RemoteEngine implements ChatEngine {
  readonly capabilities: EngineCapabilities;
  constructor(private readonly model: ModelDescriptor) {
    this.capabilities = { backend: "remote", device: "server", contextWindow: model.contextWindow };
  }
  get modelId() {
    return this.model.id;
  }
  async load(): Promise<void> {}
  // eslint-disable-next-line require-yield
  async *stream(): AsyncIterable<ChatCompletionChunk> {
    throw new JoustError("unsupported:engine", "remote engine not built yet");
  }
  async unload(): Promise<void> {}
}
