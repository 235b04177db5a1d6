import "server-only";
import { FinishReason as GeminiFinish, GoogleGenAI } from "@google/genai";
import type { FinishReason } from "@/lib/chat-protocol/types";
import { parseRetryAfter } from "../errors";
import { apiKeyFor, chunk, defined, usageOf, type ProviderAdapter } from "./types";

/** Gemini: system prompt is `systemInstruction`, the assistant role is `model`, stops are `stopSequences`. */
export function mapGeminiFinish(reason: string | undefined): FinishReason {
  if (!reason) return null;
  return reason === GeminiFinish.MAX_TOKENS ? "length" : "stop";
}

/** Set when the last Gemini response carried Retry-After (its SDK error has no headers). */
export const geminiRetryAfter = new WeakMap<AbortSignal, number>();

export const geminiAdapter: ProviderAdapter = {
  async *stream(entry, req, signal) {
    const ai = new GoogleGenAI({
      apiKey: apiKeyFor(entry),
      httpOptions: {
        ...(entry.baseUrl ? { baseUrl: entry.baseUrl } : {}),
        timeout: entry.timeoutMs,
        retryOptions: { attempts: 1 },
        fetch: async (input, init) => {
          const res = await fetch(input, init);
          const ra = parseRetryAfter(res.headers.get("retry-after"));
          if (!res.ok && ra !== undefined) geminiRetryAfter.set(signal, ra);
          return res;
        },
      },
    });
    const system = req.messages.filter((m) => m.role === "system").map((m) => m.content).join("\n\n");
    const contents = req.messages
      .filter((m) => m.role !== "system")
      .map((m) => ({ role: m.role === "assistant" ? "model" : "user", parts: [{ text: m.content }] }));
    const stream = await ai.models.generateContentStream({
      model: entry.model,
      contents,
      config: defined({
        abortSignal: signal,
        systemInstruction: system || undefined,
        temperature: req.temperature,
        topP: req.top_p,
        maxOutputTokens: req.max_tokens,
        stopSequences: req.stop?.slice(0, 5),
        seed: req.seed,
        presencePenalty: req.presence_penalty,
        frequencyPenalty: req.frequency_penalty,
      }),
    });
    const id = `gemini-${crypto.randomUUID()}`;
    for await (const r of stream) {
      const cand = r.candidates?.[0];
      const text = cand?.content?.parts?.map((p) => p.text ?? "").join("") || undefined;
      const finish = mapGeminiFinish(cand?.finishReason);
      const u = r.usageMetadata;
      const usage = finish ? usageOf(u?.promptTokenCount, u?.candidatesTokenCount) : undefined;
      if (text !== undefined || finish) yield chunk(id, entry.name, text, finish, usage);
    }
  },
};
