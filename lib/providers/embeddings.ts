import "server-only";
import { GoogleGenAI } from "@google/genai";
import { JoustError } from "@/lib/errors";
import { OPENAI_FLAVORS, openAiEndpoint } from "./adapters/openai";
import { apiKeyFor, defined } from "./adapters/types";
import type { ModelEntry } from "./config";
import { parseRetryAfter, statusError, toProviderError, type AbortCause } from "./errors";

export interface EmbedRequest {
  input: string[];
  encoding: "float" | "base64";
  dimensions?: number;
  user?: string;
}

export interface EmbedResult {
  /** One per input, in order: floats, or base64 of little-endian float32 (OpenAI's `encoding_format: base64`). */
  embeddings: Array<number[] | string>;
  promptTokens: number;
}

/** Floats as OpenAI's base64 embedding: the bytes of a little-endian Float32Array. */
export function toBase64(v: number[]): string {
  const f = new Float32Array(v);
  const b = Buffer.from(f.buffer, f.byteOffset, f.byteLength);
  if (!isLittleEndian) for (let i = 0; i < b.length; i += 4) b.subarray(i, i + 4).reverse();
  return b.toString("base64");
}
const isLittleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

const estimateTokens = (input: string[]) => input.reduce((n, s) => n + Math.ceil(s.length / 4), 0);

/**
 * Embeds `input` with a configured model: OpenAI-format upstreams (OpenAI, vLLM, Ollama, llama.cpp,
 * FastChat workers) by `POST {baseUrl}/embeddings`, Gemini by `batchEmbedContents` through its SDK.
 * The entry's timeout covers the whole call; failures are typed as for chat (./errors).
 */
export async function embed(entry: ModelEntry, req: EmbedRequest, signal: AbortSignal): Promise<EmbedResult> {
  const ctl = new AbortController();
  let cause: AbortCause;
  const onAbort = () => {
    cause ??= "client";
    ctl.abort();
  };
  signal.addEventListener("abort", onAbort, { once: true });
  const timer = setTimeout(() => {
    cause ??= "timeout";
    ctl.abort();
  }, entry.timeoutMs);
  try {
    return entry.provider === "gemini"
      ? await geminiEmbed(entry, req, ctl.signal)
      : await openAiEmbed(entry, req, ctl.signal);
  } catch (err) {
    throw toProviderError(err, { model: entry.name, cause });
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
  }
}

async function openAiEmbed(entry: ModelEntry, req: EmbedRequest, signal: AbortSignal): Promise<EmbedResult> {
  if (entry.provider === "anthropic" || entry.provider === "gemini") throw new Error("not an OpenAI-format provider");
  const { baseURL, apiKey } = openAiEndpoint(entry, OPENAI_FLAVORS[entry.provider]);
  const body = defined({
    model: entry.model,
    input: req.input,
    encoding_format: req.encoding,
    dimensions: req.dimensions,
    user: req.user,
  });
  let res: Response;
  try {
    res = await fetch(`${(baseURL ?? "").replace(/\/+$/, "")}/embeddings`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (signal.aborted) throw err;
    throw new JoustError("upstream:provider", `${entry.name}: the provider could not be reached.`);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw statusError(entry.name, res.status, parseRetryAfter(res.headers.get("retry-after")));
  }
  const json = (await res.json().catch(() => null)) as {
    data?: Array<{ index?: number; embedding?: unknown }>;
    usage?: { prompt_tokens?: number };
  } | null;
  const data = json?.data;
  if (!Array.isArray(data) || data.length !== req.input.length)
    throw new JoustError("upstream:provider", `${entry.name}: the provider sent a malformed answer.`);
  const embeddings = [...data]
    .sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
    .map((d) => {
      const e = d.embedding;
      // Some OpenAI-compatible servers answer floats whatever was asked: encode them here.
      if (typeof e === "string") return req.encoding === "base64" ? e : fromBase64(e);
      if (Array.isArray(e) && e.every((x) => typeof x === "number")) return req.encoding === "base64" ? toBase64(e) : e;
      throw new JoustError("upstream:provider", `${entry.name}: the provider sent a malformed answer.`);
    });
  return { embeddings, promptTokens: json?.usage?.prompt_tokens ?? estimateTokens(req.input) };
}

function fromBase64(s: string): number[] {
  const b = Buffer.from(s, "base64");
  const out: number[] = [];
  for (let i = 0; i + 4 <= b.length; i += 4) out.push(b.readFloatLE(i));
  return out;
}

async function geminiEmbed(entry: ModelEntry, req: EmbedRequest, signal: AbortSignal): Promise<EmbedResult> {
  const ai = new GoogleGenAI({
    apiKey: apiKeyFor(entry),
    httpOptions: {
      ...(entry.baseUrl ? { baseUrl: entry.baseUrl } : {}),
      timeout: entry.timeoutMs,
      retryOptions: { attempts: 1 },
    },
  });
  const r = await ai.models.embedContent({
    model: entry.model,
    contents: req.input,
    config: defined({ abortSignal: signal, outputDimensionality: req.dimensions }),
  });
  const list = r.embeddings ?? [];
  if (list.length !== req.input.length || list.some((e) => !Array.isArray(e.values)))
    throw new JoustError("upstream:provider", `${entry.name}: the provider sent a malformed answer.`);
  const embeddings = list.map((e) =>
    req.encoding === "base64" ? toBase64(e.values as number[]) : (e.values as number[]),
  );
  // The Gemini API reports no token count for embeddings: estimated as for chat (4 characters a token).
  return { embeddings, promptTokens: estimateTokens(req.input) };
}
