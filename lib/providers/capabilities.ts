import { z } from "zod";
import type { ProviderKind } from "./types";

/**
 * What a configured model can do beyond text, as `capabilities` in joust.config.json. A request that
 * needs one the model lacks is refused with a 400 naming the field (lib/api/capabilities.ts).
 */
export const CAPABILITIES = ["tools", "json_schema", "logprobs", "vision", "embeddings"] as const;
export type Capability = (typeof CAPABILITIES)[number];

/**
 * Defaults when an entry names none: what the provider's current chat models support. `embeddings`
 * is never a default (an embedding model is its own entry), and openai-compatible servers (vLLM,
 * Ollama, llama.cpp, FastChat) differ by version and flags, so they get only what the operator declares.
 */
export const DEFAULT_CAPABILITIES: Record<ProviderKind, readonly Capability[]> = {
  openai: ["tools", "json_schema", "logprobs", "vision"],
  mistral: ["tools", "json_schema"],
  anthropic: ["tools", "json_schema", "vision"],
  gemini: ["tools", "json_schema", "vision"],
  "openai-compatible": [],
};

export const capabilitiesSchema = z.array(z.enum(CAPABILITIES)).optional();

/**
 * Images in messages (`images` in joust.config.json). The server itself never fetches an image URL.
 * `allowRemoteUrls` lets http(s) image URLs through to upstreams that fetch them themselves (OpenAI,
 * OpenAI-compatible, Anthropic); off (the default), only data URLs are taken. Gemini cannot take a
 * web URL, so it gets data URLs only either way.
 */
export const imagesSchema = z
  .object({
    allowRemoteUrls: z.boolean().default(false),
    /** Decoded size of one data-URL image. The request body limit (limits.maxBodyBytes) applies too. */
    maxImageBytes: z
      .number()
      .int()
      .positive()
      .default(5 * 1024 * 1024),
    maxImages: z.number().int().positive().default(8),
  })
  .strict();

export type ImageOptions = z.infer<typeof imagesSchema>;

export function capabilitiesOf(
  provider: ProviderKind,
  declared: readonly Capability[] | undefined,
): ReadonlySet<Capability> {
  return new Set(declared ?? DEFAULT_CAPABILITIES[provider]);
}
