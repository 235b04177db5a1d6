import { z } from "zod";

const textPart = z.object({ type: z.string(), text: z.string().optional() });
const message = z.object({
  role: z.string(),
  content: z.union([z.string(), z.array(textPart), z.null()]),
  name: z.string().optional(),
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
 * The last group is read only to be refused when used (see toV1Request): a client asking for tool
 * calls, log-probabilities or JSON mode must hear that it will not get them, not receive plain text.
 */
export const chatCompletionsSchema = z.object({
  ...samplingFields,
  messages: z.array(message).min(1),
  max_completion_tokens: z.number().int().positive().nullish(),
  tools: z.array(z.unknown()).nullish(),
  functions: z.array(z.unknown()).nullish(),
  tool_choice: z.unknown().optional(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.number().int().min(0).max(20).nullish(),
  response_format: z.object({ type: z.string() }).nullish(),
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
