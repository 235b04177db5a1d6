import "server-only";
import { FinishReason as GeminiFinish, GoogleGenAI } from "@google/genai";
import type { FinishReason } from "@/lib/chat-protocol/types";
import { parseRetryAfter } from "../errors";
import { GeminiToolStream, toGeminiRich } from "./gemini-tools";
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
    // Tools, tool turns, structured output, images: ./gemini-tools.
    const rich = req.rich ? toGeminiRich({ ...req.rich, messages: req.rich.messages ?? req.messages }) : undefined;
    const map = new GeminiToolStream(req.rich?.parallel_tool_calls !== false);
    const system = rich
      ? rich.systemInstruction
      : req.messages
          .filter((m) => m.role === "system")
          .map((m) => m.content)
          .join("\n\n");
    const contents =
      rich?.contents ??
      req.messages
        .filter((m) => m.role !== "system")
        .map((m) => ({ role: m.role === "assistant" ? "model" : "user", parts: [{ text: m.content }] }));
    const stream = await ai.models.generateContentStream({
      model: entry.model,
      contents,
      config: defined({
        abortSignal: signal,
        ...rich?.config,
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
      const { content: text, toolCalls } = map.parts(cand?.content?.parts);
      const finish = map.finish(mapGeminiFinish(cand?.finishReason));
      const u = r.usageMetadata;
      const usage = finish ? usageOf(u?.promptTokenCount, u?.candidatesTokenCount) : undefined;
      if (toolCalls) {
        const c = chunk(id, entry.name, text);
        c.choices[0].delta.tool_calls = toolCalls;
        yield c;
        if (finish) yield chunk(id, entry.name, undefined, finish, usage);
      } else if (text !== undefined || finish) yield chunk(id, entry.name, text, finish, usage);
    }
  },
};
