// PLACEHOLDER — the providers work replaces this with the configured endpoint registry (same exports).
import "server-only";
import { JoustError } from "@/lib/errors";
import type { ChatCompletionChunk, ChatRequest } from "@/lib/engines/types";
import type { PublicModelInfo } from "./types";

/** Configured remote models as the public may see them. */
export async function listPublicModels(): Promise<PublicModelInfo[]> {
  return [];
}

/** Stream a chat completion from a configured model (see StreamChat in ./types). */
// eslint-disable-next-line require-yield
export async function* streamChat(name: string, _req: ChatRequest, _signal: AbortSignal): AsyncIterable<ChatCompletionChunk> {
  throw new JoustError("not_found:model", `Unknown model: ${name}`);
}
