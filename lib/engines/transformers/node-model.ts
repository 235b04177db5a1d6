/**
 * Node-side loading of a transformers.js model from a folder on disk (onnxruntime-node,
 * CPU). Used by Vitest, the e2e expected-text helper and the decode benchmark, so they
 * run the same generate-core the Web Worker runs.
 */
import { dirname, basename, resolve } from "node:path";
import { AutoModelForCausalLM, AutoTokenizer, env } from "@huggingface/transformers";
import { collect } from "@/lib/chat-protocol/chunks";
import type { ChatMessage, ChatRequest } from "@/lib/chat-protocol/types";
import { contextWindowOf, streamChat, type LoadedTextModel } from "./generate-core";

/** Where `npm run gen:tiny-model` writes the tiny model. */
export const TINY_MODEL_DIR = resolve(process.cwd(), "public/models/tiny-chat");

export async function loadModelFromDir(
  dir: string = TINY_MODEL_DIR,
  modelId = "transformers:tiny-chat",
): Promise<LoadedTextModel> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${dirname(resolve(dir))}/`;
  const name = basename(resolve(dir));
  const tokenizer = await AutoTokenizer.from_pretrained(name);
  const model = await AutoModelForCausalLM.from_pretrained(name, { dtype: "fp32", device: "cpu" });
  return { modelId, tokenizer, model, contextWindow: contextWindowOf(model.config) };
}

/** The greedy reply the engine must stream for a conversation (what e2e tests compare against). */
export async function expectedGreedyReply(
  messages: ChatMessage[],
  opts: Omit<ChatRequest, "messages" | "temperature"> = {},
  dir: string = TINY_MODEL_DIR,
): Promise<{ text: string; finishReason: string | null; completionTokens: number }> {
  const loaded = await loadModelFromDir(dir);
  try {
    const r = await collect(streamChat(loaded, { ...opts, messages, temperature: 0 }));
    return { text: r.text, finishReason: r.finishReason, completionTokens: r.usage?.completion_tokens ?? 0 };
  } finally {
    await loaded.model.dispose();
  }
}
