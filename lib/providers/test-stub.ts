// Test helper: starts e2e/stubs/upstream.mjs on a free port and installs a config pointing at it.
import { parseConfig, setConfigForTests, type JoustConfig } from "./config";
// @ts-expect-error plain ESM module without types
import { startStub, replyTokens, STUB_KEYS } from "../../e2e/stubs/upstream.mjs";

export interface StubHandle {
  url: string;
  close(): Promise<void>;
}

export const startUpstream = startStub as (o?: { port?: number }) => Promise<StubHandle>;
export const stubReply = (prompt: string, count = 16): string => (replyTokens(prompt, count) as string[]).join("");
export const stubKeys = STUB_KEYS as { openai: string; anthropic: string; gemini: string };

export const TEST_ENV = { T_OPENAI: stubKeys.openai, T_ANTHROPIC: stubKeys.anthropic, T_GEMINI: stubKeys.gemini };

/** A config with one model per provider kind and each fault, all pointing at the stub. */
export function stubConfig(url: string, extra: Record<string, unknown> = {}): JoustConfig {
  Object.assign(process.env, TEST_ENV);
  const models: Record<string, unknown>[] = [];
  const kinds = [
    ["gpt", "openai", `${url}/v1`, "T_OPENAI", "stub-gpt"],
    ["claude", "anthropic", url, "T_ANTHROPIC", "stub-claude"],
    ["gemini", "gemini", url, "T_GEMINI", "stub-gemini"],
    ["mistral", "mistral", `${url}/v1`, "T_OPENAI", "stub-mistral"],
    ["local", "openai-compatible", `${url}/v1`, "T_OPENAI", "stub-local"],
  ] as const;
  for (const [short, provider, baseUrl, apiKeyEnv, model] of kinds)
    for (const fault of ["", "-cut", "-429", "-500", "-malformed", "-delay50"])
      models.push({ name: `${short}${fault}`, provider, model: `${model}${fault}`, baseUrl, apiKeyEnv });
  models.push({
    name: "gpt-slow",
    provider: "openai",
    model: "stub-gpt-delay400",
    baseUrl: `${url}/v1`,
    apiKeyEnv: "T_OPENAI",
    timeoutMs: 150,
  });
  // Breaks mid-stream after tokens paced 20 ms apart, so some output is out first however the body is read.
  models.push({
    name: "local-malformed-paced",
    provider: "openai-compatible",
    model: "stub-local-malformed-delay20",
    baseUrl: `${url}/v1`,
    apiKeyEnv: "T_OPENAI",
  });
  models.push({
    name: "gpt-long",
    provider: "openai",
    model: "stub-gpt-t64",
    baseUrl: `${url}/v1`,
    apiKeyEnv: "T_OPENAI",
  });
  models.push({
    name: "gpt-wrongkey",
    provider: "openai",
    model: "stub-gpt",
    baseUrl: `${url}/v1`,
    apiKeyEnv: "T_ANTHROPIC",
  });
  // Capabilities beyond text: declared on an openai-compatible server (whose default is none); embedding models.
  const all = ["tools", "json_schema", "logprobs", "vision"];
  models.push({
    name: "local-all",
    provider: "openai-compatible",
    model: "stub-local",
    baseUrl: `${url}/v1`,
    apiKeyEnv: "T_OPENAI",
    capabilities: all,
  });
  // Replies with one tool call (`get_weather`) whether or not the request declares tools.
  models.push({
    name: "gpt-toolcall",
    provider: "openai",
    model: "stub-gpt-toolcall",
    baseUrl: `${url}/v1`,
    apiKeyEnv: "T_OPENAI",
  });
  models.push({
    name: "gpt-embed",
    provider: "openai",
    model: "stub-embed",
    baseUrl: `${url}/v1`,
    apiKeyEnv: "T_OPENAI",
    capabilities: ["embeddings"],
  });
  models.push({
    name: "gemini-embed",
    provider: "gemini",
    model: "stub-gemini-embed",
    baseUrl: url,
    apiKeyEnv: "T_GEMINI",
    capabilities: ["embeddings"],
  });
  const cfg = parseConfig({ models, ...extra }, "joust.config.json");
  setConfigForTests(cfg);
  return cfg;
}
