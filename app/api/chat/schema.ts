import { z } from "zod";

/** `POST /api/chat` body: what RemoteEngine sends (Joust's ChatRequest plus the model name). */
export const chatSchema = z.object({
  model: z.string().min(1).max(200),
  messages: z
    .array(
      z.object({
        role: z.enum(["system", "user", "assistant"]),
        content: z.string(),
        /** Image data URLs (user turns, vision models); size and count are checked with the model's capabilities. */
        images: z
          .array(z.string().max(16 * 1024 * 1024))
          .max(16)
          .optional(),
      }),
    )
    .min(1),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  max_tokens: z.number().int().positive().optional(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).optional(),
  seed: z.number().int().optional(),
  presence_penalty: z.number().min(-2).max(2).optional(),
  frequency_penalty: z.number().min(-2).max(2).optional(),
});

export type ChatBody = z.infer<typeof chatSchema>;
