/**
 * The one engine interface. Everything above lib/engines (chat, arena, evaluation)
 * sees only ChatEngine, never the backend behind it. Shapes follow OpenAI's
 * chat-completions API (as web-llm's `MLCEngineInterface` does).
 */
import type { SerializedError } from "@/lib/errors";

export type Role = "system" | "user" | "assistant";

export interface ChatMessage {
  role: Role;
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  stop?: string | string[];
  seed?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
}

export type FinishReason = "stop" | "length" | "abort" | "error" | null;

export interface ChatCompletionChunk {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  choices: Array<{
    index: number;
    delta: { role?: "assistant"; content?: string };
    finish_reason: FinishReason;
  }>;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

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

/** A model anything in Joust can pick. Remote entries never carry secrets. */
export interface ModelDescriptor {
  /** Stable id used everywhere in the UI and the stores, e.g. "transformers:tiny-chat". */
  id: string;
  backend: Backend;
  displayName: string;
  /** The backend's own id (web-llm model_id, HF repo id, remote model name). */
  backendModelId: string;
  /** Base URL for custom weights (transformers: host serving `<id>/config.json`; web-llm: model URL). */
  url?: string;
  contextWindow?: number;
  /** Approximate download size in bytes, when known. */
  sizeBytes?: number;
  /** web-llm: needs the shader-f16 WebGPU feature. */
  requiresF16?: boolean;
  /** web-llm: approximate VRAM requirement in MB. */
  vramMB?: number;
  /** web-llm custom models: URL of the compiled model library (.wasm) for this web-llm runtime version. */
  modelLibUrl?: string;
  /** web-llm: GPU buffer size the model needs, when known (checked against the adapter's limits). */
  bufferSizeRequiredBytes?: number;
  /** web-llm: WebGPU features the model needs besides shader-f16, when known. */
  requiredFeatures?: string[];
  /** transformers: dtype to load. */
  dtype?: string;
  /** transformers: force a device (e.g. "wasm" to retry without WebGPU); default: WebGPU when an adapter exists. */
  device?: Device;
  /** Remote: provider kind and availability as reported by the server. */
  provider?: string;
  available?: boolean;
  unavailableReason?: string;
}

/** Wire messages of the worker protocol carry typed errors, never strings. */
export type EngineError = SerializedError;
