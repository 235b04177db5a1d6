import "server-only";
import { JoustError } from "@/lib/errors";
import { embed } from "@/lib/providers/embeddings";
import { assertDirectUse, resolveModel } from "@/lib/providers/remote-chat";
import { requireCapability } from "./capabilities";
import { limits } from "./limits";
import type { EmbeddingsBody } from "./v1-schemas";
import type { V1Output } from "./v1-types";

/**
 * `POST /v1/embeddings` for models with the `embeddings` capability. Limits as for chat: at most
 * `maxMessages` inputs and `maxChars` characters in all (and the body size limit); an empty input
 * is refused, as OpenAI does.
 */
export async function embeddings(body: EmbeddingsBody, signal: AbortSignal): Promise<V1Output> {
  const input = typeof body.input === "string" ? [body.input] : body.input;
  const l = limits();
  if (input.length > l.maxMessages)
    throw new JoustError("bad_request:api", `Too many inputs: ${input.length} (at most ${l.maxMessages}).`, {
      param: "input",
      code: "too_many_inputs",
    });
  const chars = input.reduce((n, s) => n + s.length, 0);
  if (chars > l.maxChars)
    throw new JoustError(
      "context_overflow:api",
      `The input is too long: ${chars} characters (at most ${l.maxChars}).`,
      { param: "input", code: "context_length_exceeded" },
    );
  const empty = input.findIndex((s) => s.length === 0);
  if (empty !== -1)
    throw new JoustError("bad_request:api", "An input must not be empty.", {
      param: typeof body.input === "string" ? "input" : `input[${empty}]`,
    });
  assertDirectUse(body.model); // anonymous-only models are unknown by name (issue 16)
  requireCapability(body.model, "embeddings", "model");
  const { entry } = resolveModel(body.model);
  if (entry.provider === "anthropic")
    throw new JoustError("unsupported:api", `The model '${body.model}' does not support embeddings ('model').`, {
      param: "model",
    });
  const encoding = body.encoding_format ?? "float";
  const r = await embed(
    entry,
    { input, encoding, dimensions: body.dimensions ?? undefined, user: body.user ?? undefined },
    signal,
  );
  return {
    status: 200,
    headers: {},
    json: {
      object: "list",
      data: r.embeddings.map((embedding, index) => ({ object: "embedding", index, embedding })),
      model: body.model,
      usage: { prompt_tokens: r.promptTokens, total_tokens: r.promptTokens },
    },
  };
}
