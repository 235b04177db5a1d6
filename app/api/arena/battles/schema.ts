import { z } from "zod";

export const createBattleSchema = z.object({
  mode: z.enum(["anonymous", "named"]),
  localModels: z
    .array(
      z.object({
        id: z.string().min(1).max(200),
        backend: z.enum(["webllm", "transformers", "remote", "fake"]),
        displayName: z.string().max(200),
        vramMB: z.number().nonnegative().optional(),
      }),
    )
    .max(100)
    .default([]),
  modelA: z.string().min(1).max(200).optional(),
  modelB: z.string().min(1).max(200).optional(),
  allowTwoLocal: z.boolean().optional(),
  localBudgetMB: z.number().nonnegative().optional(),
});
