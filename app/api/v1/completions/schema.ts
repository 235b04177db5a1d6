import { z } from "zod";
import { samplingFields } from "../chat/completions/schema";

/** Legacy `POST /v1/completions`: a single prompt (string, or a list of one string). */
export const completionsSchema = z.object({
  ...samplingFields,
  prompt: z.union([z.string(), z.array(z.string()).length(1, "only one prompt per request is supported")]),
  echo: z.literal(false).nullish(),
  suffix: z.null().optional(),
});

export type CompletionsBody = z.infer<typeof completionsSchema>;
