import "server-only";
import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { capabilitiesSchema, imagesSchema, type ImageOptions } from "./capabilities";
import type { ProviderKind, PublicModelInfo } from "./types";

/**
 * The endpoint registry: `joust.config.json` (or JOUST_CONFIG). A missing file means no
 * remote models. Each model entry is validated on its own: a bad one is disabled with a
 * reason naming the file and the field; it never takes the server down.
 */
export const PROVIDERS = ["openai", "anthropic", "gemini", "mistral", "openai-compatible"] as const;

const arenaSchema = z
  .object({
    anonymousOnly: z.boolean().default(false),
    weight: z.number().nonnegative().default(1),
    neverPairWith: z.array(z.string()).default([]),
  })
  .strict();

export const modelEntrySchema = z
  .object({
    name: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[\w.:@/-]+$/, "only letters, digits and . : @ / _ -"),
    provider: z.enum(PROVIDERS),
    model: z.string().min(1),
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    apiKeyEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable name")
      .optional(),
    params: z
      .object({
        temperature: z.number().min(0).max(2).optional(),
        top_p: z.number().min(0).max(1).optional(),
        max_tokens: z.number().int().positive().optional(),
        seed: z.number().int().optional(),
        presence_penalty: z.number().min(-2).max(2).optional(),
        frequency_penalty: z.number().min(-2).max(2).optional(),
      })
      .strict()
      .default({}),
    arena: arenaSchema.default({ anonymousOnly: false, weight: 1, neverPairWith: [] }),
    organization: z.string().optional(),
    license: z.string().optional(),
    contextWindow: z.number().int().positive().optional(),
    /** Largest `max_tokens` a request to this model may ask for (below the global `limits.maxTokens`). */
    maxTokens: z.number().int().positive().optional(),
    /** Upstream idle timeout (first byte and between chunks), ms. */
    timeoutMs: z.number().int().positive().optional(),
    /** What the model can do beyond text (./capabilities); the provider's defaults when absent. */
    capabilities: capabilitiesSchema,
  })
  .strict();

const limitsSchema = z
  .object({
    maxMessages: z.number().int().positive().default(100),
    maxChars: z.number().int().positive().default(12_000),
    maxBodyBytes: z
      .number()
      .int()
      .positive()
      .default(256 * 1024),
    maxN: z.number().int().positive().default(4),
    /** Largest `max_tokens` a request may ask for (every model; /v1, /api/chat and arena streams). */
    maxTokens: z.number().int().positive().default(8192),
    /** At most this many stop sequences, each at most `maxStopChars` long. */
    maxStops: z.number().int().positive().max(16).default(4),
    maxStopChars: z.number().int().positive().default(64),
    ratePerSecond: z.number().positive().default(5),
    rateBurst: z.number().positive().default(60),
  })
  .strict();

export type ModelEntry = z.infer<typeof modelEntrySchema>;
export type ApiLimits = z.infer<typeof limitsSchema>;

export interface ResolvedModel {
  name: string;
  provider: ProviderKind;
  entry?: ModelEntry;
  available: boolean;
  unavailableReason?: string;
  info: PublicModelInfo;
}

export interface JoustConfig {
  file: string;
  models: ResolvedModel[];
  arena: Record<string, unknown>;
  /** The raw `leaderboard` section (read by lib/leaderboard/judge-config.ts). */
  leaderboard: Record<string, unknown>;
  limits: ApiLimits;
  /** Images in messages (./capabilities). */
  images: ImageOptions;
  /** Problems found at load, each naming the file and field (also logged once). */
  problems: string[];
}

/** Providers whose hosted API always needs a key; openai-compatible servers (vLLM, Ollama) may not. */
const NEEDS_KEY: Record<ProviderKind, boolean> = {
  openai: true,
  anthropic: true,
  gemini: true,
  mistral: true,
  "openai-compatible": false,
};
const DEFAULT_TIMEOUT_MS = 60_000;

function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
}

function issueText(file: string, prefix: string, err: z.ZodError): string {
  const i = err.issues[0];
  const path = [prefix, fieldPath(i.path)].filter(Boolean).join(".").replace(/\.\[/g, "[");
  return `${file}: ${path}: ${i.message}`;
}

/** Parse a config document (already JSON-decoded) without touching the filesystem. */
export function parseConfig(
  raw: unknown,
  file: string,
  envVars: Record<string, string | undefined> = process.env,
): JoustConfig {
  const problems: string[] = [];
  const doc = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    problems.push(`${file}: the top level must be an object`);
  const modelsRaw = doc.models ?? [];
  const list = Array.isArray(modelsRaw) ? modelsRaw : [];
  if (!Array.isArray(modelsRaw)) problems.push(`${file}: models: expected an array`);

  const models: ResolvedModel[] = [];
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const rawName =
      typeof (item as { name?: unknown })?.name === "string" ? (item as { name: string }).name : `models[${i}]`;
    const rawProvider = (item as { provider?: unknown })?.provider;
    const provider = (PROVIDERS as readonly string[]).includes(rawProvider as string)
      ? (rawProvider as ProviderKind)
      : "openai-compatible";
    const parsed = modelEntrySchema.safeParse(item);
    let reason: string | undefined;
    let entry: ModelEntry | undefined;
    if (!parsed.success) reason = issueText(file, `models[${i}]`, parsed.error);
    else {
      entry = { ...parsed.data, timeoutMs: parsed.data.timeoutMs ?? DEFAULT_TIMEOUT_MS };
      if (seen.has(entry.name)) reason = `${file}: models[${i}].name: duplicate model name "${entry.name}"`;
      else if (entry.provider === "openai-compatible" && !entry.baseUrl)
        reason = `${file}: models[${i}].baseUrl: required for provider openai-compatible`;
      else if (NEEDS_KEY[entry.provider] && !entry.apiKeyEnv)
        reason = `${file}: models[${i}].apiKeyEnv: required for provider ${entry.provider}`;
      else if (entry.apiKeyEnv && !envVars[entry.apiKeyEnv]) {
        // The public reason does not name the variable; the server log does.
        reason = `${file}: models[${i}].apiKeyEnv: the provider key is not configured on the server`;
        problems.push(
          `${file}: models[${i}].apiKeyEnv: environment variable ${entry.apiKeyEnv} is not set; "${entry.name}" is disabled`,
        );
      }
    }
    if (reason && !reason.includes(".apiKeyEnv: the provider key")) problems.push(reason);
    seen.add(rawName);
    const arena = entry?.arena ?? { anonymousOnly: false, weight: 1, neverPairWith: [] };
    // An embedding model (its only capability `embeddings`) serves /v1/embeddings: never a chat or arena pick.
    const embeddingsOnly = entry?.capabilities?.length === 1 && entry.capabilities[0] === "embeddings";
    const info: PublicModelInfo = {
      name: rawName,
      provider,
      available: !reason,
      ...(reason ? { unavailableReason: reason } : {}),
      ...(entry?.organization ? { organization: entry.organization } : {}),
      ...(entry?.license ? { license: entry.license } : {}),
      ...(entry?.contextWindow ? { contextWindow: entry.contextWindow } : {}),
      arena: {
        anonymousOnly: arena.anonymousOnly,
        weight: embeddingsOnly ? 0 : arena.weight,
        neverPairWith: arena.neverPairWith,
      },
      ...(embeddingsOnly ? { embeddingsOnly: true as const } : {}),
    };
    models.push({ name: rawName, provider, entry, available: !reason, unavailableReason: reason, info });
  });

  const limits = limitsSchema.safeParse(doc.limits ?? {});
  if (!limits.success) problems.push(issueText(file, "limits", limits.error));
  const arena = typeof doc.arena === "object" && doc.arena !== null ? (doc.arena as Record<string, unknown>) : {};
  const leaderboard =
    typeof doc.leaderboard === "object" && doc.leaderboard !== null ? (doc.leaderboard as Record<string, unknown>) : {};
  const images = imagesSchema.safeParse(doc.images ?? {});
  if (!images.success) problems.push(issueText(file, "images", images.error));
  return {
    file,
    models,
    arena,
    leaderboard,
    limits: limits.success ? limits.data : limitsSchema.parse({}),
    images: images.success ? images.data : imagesSchema.parse({}),
    problems,
  };
}

/** Read and parse the config file. Missing file: no models. Unreadable/invalid JSON: no models + a problem. */
export function readConfig(path = process.env.JOUST_CONFIG || "joust.config.json", envVars = process.env): JoustConfig {
  const file = isAbsolute(path) ? path : resolve(process.cwd(), path);
  const name = path.split(/[\\/]/).pop() ?? path;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === "ENOENT";
    return { ...parseConfig({ models: [] }, name, envVars), problems: missing ? [] : [`${name}: cannot be read`] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return {
      ...parseConfig({ models: [] }, name, envVars),
      problems: [`${name}: invalid JSON (${(err as Error).message})`],
    };
  }
  return parseConfig(raw, name, envVars);
}

let cached: JoustConfig | undefined;

/** The process-wide config, loaded once; problems are logged once (they never name a key's value). */
export function getConfig(): JoustConfig {
  if (!cached) {
    cached = readConfig();
    for (const p of cached.problems) console.warn(`[joust] config: ${p}`);
  }
  return cached;
}

/** Tests swap configs between cases. */
export function setConfigForTests(config: JoustConfig | undefined): void {
  cached = config;
}
