import { z } from "zod";

const contentPart = z.object({
  type: z.string(),
  text: z.string().optional(),
  image_url: z.object({ url: z.string().min(1), detail: z.enum(["auto", "low", "high"]).optional() }).optional(),
});
const toolCall = z.object({
  id: z.string().min(1).max(200),
  type: z.literal("function"),
  function: z.object({ name: z.string().min(1).max(64), arguments: z.string() }),
  // Gemini's thought signature, handed out with its calls (lib/providers/adapters/gemini-tools.ts).
  extra_content: z
    .object({ google: z.object({ thought_signature: z.string().max(65536).optional() }).optional() })
    .optional(),
});
const message = z.object({
  role: z.string(),
  content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
  name: z.string().optional(),
  tool_calls: z.array(toolCall).max(128).nullish(),
  tool_call_id: z.string().min(1).max(200).optional(),
});
const toolDef = z.object({
  type: z.literal("function"),
  function: z.object({
    name: z.string().regex(/^[\w-]{1,64}$/, "1 to 64 letters, digits, _ or -"),
    description: z.string().max(4096).optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullish(),
  }),
});
const toolChoice = z.union([
  z.enum(["none", "auto", "required"]),
  z.object({ type: z.literal("function"), function: z.object({ name: z.string().min(1) }) }),
]);
const responseFormat = z.object({
  type: z.string(),
  json_schema: z
    .object({
      name: z.string().regex(/^[\w-]{1,64}$/),
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullish(),
    })
    .optional(),
});

/** Sampling fields shared by chat and legacy completions (OpenAI's ranges). */
export const samplingFields = {
  model: z.string().min(1),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  n: z.number().int().min(1).nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  seed: z.number().int().nullish(),
  user: z.string().max(256).nullish(),
};

/**
 * `POST /v1/chat/completions` body; unknown fields are ignored, as most OpenAI-compatible servers do.
 * Tools, structured output, log-probabilities and images are served for models with the capability
 * (lib/api/capabilities.ts) and refused with a 400 naming the field otherwise: a client asking for
 * them must hear that it will not get them, not receive plain text.
 */
export const chatCompletionsSchema = z.object({
  ...samplingFields,
  messages: z.array(message).min(1),
  max_completion_tokens: z.number().int().positive().nullish(),
  tools: z.array(toolDef).max(128).nullish(),
  functions: z.array(z.unknown()).nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.number().int().min(0).max(20).nullish(),
  response_format: responseFormat.nullish(),
});

export type ChatCompletionsBody = z.infer<typeof chatCompletionsSchema>;

/** Legacy `POST /v1/completions`: a single prompt (string, or a list of one string). */
export const completionsSchema = z.object({
  ...samplingFields,
  prompt: z.union([z.string(), z.array(z.string()).length(1, "only one prompt per request is supported")]),
  echo: z.literal(false).nullish(),
  suffix: z.null().optional(),
  logprobs: z.number().int().min(0).max(5).nullish(),
  best_of: z.number().int().min(1).nullish(),
});

export type CompletionsBody = z.infer<typeof completionsSchema>;

/** `POST /v1/embeddings`: one string or a list of strings (token arrays are refused: models differ in tokenizers). */
export const embeddingsSchema = z.object({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.string()).min(1).max(2048)]),
  encoding_format: z.enum(["float", "base64"]).nullish(),
  dimensions: z.number().int().positive().max(65536).nullish(),
  user: z.string().max(256).nullish(),
});

export type EmbeddingsBody = z.infer<typeof embeddingsSchema>;
