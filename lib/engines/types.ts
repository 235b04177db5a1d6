/**
 * The one engine interface. Everything above lib/engines (chat, arena, evaluation)
 * sees only ChatEngine, never the backend behind it. Requests and chunks are the OpenAI-shaped
 * vocabulary of lib/chat-protocol (as web-llm's `MLCEngineInterface` uses its `openai_api_protocols`).
 */
import type { ChatCompletionChunk, ChatRequest } from "@/lib/chat-protocol/types";
import type { SerializedError } from "@/lib/errors";

export type Backend = "webllm" | "transformers" | "remote" | "fake";
export type Device = "webgpu" | "wasm" | "server" | "cpu";

export interface EngineCapabilities {
  backend: Backend;
  device: Device;
  /** Maximum prompt + completion tokens, when known. */
  contextWindow?: number;
}

export interface LoadProgress {
  /** 0..1, or undefined when unknown. */
  progress?: number;
  loadedBytes?: number;
  totalBytes?: number;
  /** Human-readable phase, e.g. "Downloading onnx/model.onnx". */
  text: string;
}

export interface StreamOptions {
  signal?: AbortSignal;
}

export interface ChatEngine {
  readonly modelId: string;
  readonly capabilities: EngineCapabilities;
  load(onProgress?: (p: LoadProgress) => void): Promise<void>;
  stream(req: ChatRequest, opts?: StreamOptions): AsyncIterable<ChatCompletionChunk>;
  unload(): Promise<void>;
}

/** Wire messages of the worker protocol carry typed errors, never strings. */
export type EngineError = SerializedError;
