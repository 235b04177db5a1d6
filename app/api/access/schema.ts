import { z } from "zod";

export const accessSchema = z.object({ code: z.string().min(1).max(200) });
