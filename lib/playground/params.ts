/** Non-React logic of the engine playground: params → ChatRequest, custom base URLs. */
import type { ChatRequest } from "@/lib/chat-protocol/types";
import type { ModelDescriptor } from "@/lib/models/descriptor";

export interface PlaygroundParams {
  system: string;
  temperature: number;
  topP: number;
  maxTokens: number;
  seed: string;
  stop: string;
}

export const DEFAULT_PARAMS: PlaygroundParams = {
  system: "",
  temperature: 0,
  topP: 1,
  maxTokens: 64,
  seed: "",
  stop: "",
};

export function buildPlaygroundRequest(prompt: string, p: PlaygroundParams): ChatRequest {
  const messages: ChatRequest["messages"] = [];
  if (p.system.trim()) messages.push({ role: "system", content: p.system });
  messages.push({ role: "user", content: prompt });
  const req: ChatRequest = { messages, temperature: p.temperature, max_tokens: p.maxTokens };
  if (p.temperature > 0 && p.topP < 1) req.top_p = p.topP;
  if (p.seed.trim() !== "" && Number.isFinite(Number(p.seed))) req.seed = Number(p.seed);
  if (p.stop) req.stop = p.stop;
  return req;
}

/** A descriptor loading the same model from another base URL (its own registry entry). */
export function withBaseUrl(model: ModelDescriptor, url: string): ModelDescriptor {
  const trimmed = url.trim();
  if (!trimmed || trimmed === model.url) return model;
  return { ...model, id: `${model.id}@${trimmed}`, url: trimmed };
}

/** A descriptor that skips WebGPU (retry after an unsupported:webgpu failure). */
export function onWasm(model: ModelDescriptor): ModelDescriptor {
  return model.device === "wasm" ? model : { ...model, id: `${model.id}#wasm`, device: "wasm" };
}
