import "server-only";
import { z } from "zod";

/**
 * Validated server environment. Provider keys are NOT here: each configured model names
 * the env var holding its key (joust.config.json `apiKeyEnv`), read only inside lib/providers.
 */
const schema = z.object({
  JOUST_CONFIG: z.string().default("joust.config.json"),
  JOUST_DATA_DIR: z.string().default(".data"),
  /** HMAC secret for battle tokens. Generated and persisted in the data dir when unset. */
  JOUST_SECRET: z.string().min(16).optional(),
  DATABASE_URL: z.string().url().optional(),
  /** Comma-separated bearer keys for /api/v1; none = open (as FastChat's --api-keys). */
  JOUST_API_KEYS: z.string().optional(),
  /** Comma-separated allowed CORS origins for /api/v1, or "*". */
  JOUST_CORS_ORIGINS: z.string().optional(),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;
export function env(): Env {
  cached ??= schema.parse(process.env);
  return cached;
}

/** Tests change process.env between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}
