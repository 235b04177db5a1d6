import { z } from "zod";
import { JoustError } from "@/lib/errors";

/** Zod pieces shared by the arena route schemas (app/api/arena/**\/schema.ts). */
export const chatMessageSchema = z.object({
  role: z.enum(["system", "user", "assistant"]),
  content: z.string().max(200_000),
});

export const conversationSchema = z.array(chatMessageSchema).max(400);

export const voteSubmissionSchema = z.object({
  idempotencyKey: z.string().min(8).max(128),
  battleId: z.string().min(1).max(128),
  token: z.string().max(512),
  winner: z.enum(["model_a", "model_b", "tie", "tie (bothbad)"]),
  turn: z.number().int().min(1).max(1000),
  language: z.string().max(64).optional(),
  tstamp: z.number().finite().positive(),
  conversation_a: conversationSchema,
  conversation_b: conversationSchema,
});

/** Parses with a schema or throws `bad_request:<surface>` naming the first bad field. */
export function parseOr<T>(schema: z.ZodType<T>, value: unknown, surface: "arena" | "vote" | "import"): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new JoustError(`bad_request:${surface}`, `${issue.path.join(".") || "body"}: ${issue.message}`);
}
