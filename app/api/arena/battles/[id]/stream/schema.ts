import { z } from "zod";
import { conversationSchema } from "@/lib/arena/server/schemas";

export const sideStreamSchema = z.object({
  token: z.string().max(512),
  side: z.enum(["a", "b"]),
  messages: conversationSchema.min(1),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  max_tokens: z.number().int().positive().max(32_768).optional(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).optional(),
  seed: z.number().int().optional(),
  presence_penalty: z.number().min(-2).max(2).optional(),
  frequency_penalty: z.number().min(-2).max(2).optional(),
});
