/**
 * Worker protocol: discriminated unions keyed by `type`, every request carrying
 * an `id` (crypto.randomUUID()). The worker pushes `chunk` messages for a stream
 * and ends it with `done` or `error`; `abort` cancels a running stream.
 */
import type { ChatCompletionChunk, ChatRequest } from "@/lib/chat-protocol/types";
import type { EngineCapabilities, EngineError, LoadProgress } from "./types";
import type { ModelDescriptor } from "@/lib/models/descriptor";

export type WorkerRequest =
  | { type: "load"; id: string; model: ModelDescriptor }
  | { type: "stream"; id: string; request: ChatRequest }
  | { type: "abort"; id: string; target: string }
  | { type: "unload"; id: string };

export type WorkerResponse =
  | { type: "progress"; id: string; progress: LoadProgress }
  | { type: "loaded"; id: string; capabilities: EngineCapabilities }
  | { type: "chunk"; id: string; chunk: ChatCompletionChunk }
  /** Several chunks of one stream at once, in order (the handler batches fast streams). */
  | { type: "chunks"; id: string; chunks: ChatCompletionChunk[] }
  | { type: "done"; id: string }
  | { type: "error"; id: string; error: EngineError };

/** A backend that runs inside a worker. The handler adapts it to the protocol. */
export interface WorkerBackend {
  load(model: ModelDescriptor, onProgress: (p: LoadProgress) => void): Promise<EngineCapabilities>;
  stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<ChatCompletionChunk>;
  unload(): Promise<void>;
}
