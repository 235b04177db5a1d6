// Starts the production build for e2e tests with a fresh data dir and a config
// whose remote models point at the local stub upstream (e2e/stubs/upstream.mjs).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const port = process.env.E2E_PORT ?? "3100";
const stub = `http://127.0.0.1:${process.env.STUB_PORT ?? "4010"}`;
const dataDir = process.env.JOUST_DATA_DIR ?? join(".data", `e2e-${port}`);
if (!process.env.E2E_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });

// E2E_CONFIG_TEMPLATE picks another template ("none": no remote model at all, as a fresh checkout).
const template = process.env.E2E_CONFIG_TEMPLATE ?? "e2e/joust.e2e.config.json";
const configPath = join(dataDir, "joust.config.json");
if (template !== "none" && existsSync(template))
  writeFileSync(configPath, readFileSync(template, "utf8").replaceAll("{{STUB}}", stub));
else writeFileSync(configPath, JSON.stringify({ models: [] }));

const env = {
  ...process.env,
  NODE_ENV: "production",
  JOUST_CONFIG: configPath,
  JOUST_DATA_DIR: dataDir,
  JOUST_SECRET: process.env.JOUST_SECRET ?? "e2e-secret-0123456789abcdef",
  // Fake provider keys: the stub upstream checks them; tests assert they never leak.
  STUB_OPENAI_KEY: "sk-e2e-openai-SECRET-1111",
  STUB_ANTHROPIC_KEY: "sk-ant-e2e-SECRET-2222",
  STUB_GEMINI_KEY: "e2e-gemini-SECRET-3333",
  // Bearer keys guarding /api/v1 and the API port (e2e/api-openai.spec.ts).
  JOUST_API_KEYS: process.env.JOUST_API_KEYS ?? "e2e-api-key-1,e2e-api-key-2",
  JOUST_API_HOST: "127.0.0.1",
  // The operator key: battle import and export with conversations (e2e/leaderboard.spec.ts imports with it).
  JOUST_ADMIN_KEY: process.env.JOUST_ADMIN_KEY ?? "e2e-admin-key",
  // The test models (transformers:tiny-chat, fake:*) may take part in battles on this server.
  JOUST_TEST_MODELS: process.env.JOUST_TEST_MODELS ?? "1",
  // Only the names the tests use reach the app (e2e/security.spec.ts sends another Host and expects 421).
  JOUST_ALLOWED_HOSTS: `127.0.0.1:${port},localhost:${port}`,
  // e2e/models.spec.ts serves custom models from this (routed) host: the CSP must let the page fetch it.
  JOUST_CSP_CONNECT_SRC: "https://models.example.test",
};
const child = spawn("npx", ["next", "start", "-p", port, "-H", "127.0.0.1"], { env, stdio: "inherit" });
const stop = () => child.kill("SIGTERM");
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
child.on("exit", (code) => process.exit(code ?? 0));
