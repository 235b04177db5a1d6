import { defineConfig } from "@playwright/test";

/** Debian's Chromium; Playwright's own browser download cannot work offline. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const PORT = Number(process.env.E2E_PORT ?? 3100);
const STUB_PORT = Number(process.env.STUB_PORT ?? 4010);
/** The dedicated OpenAI-compatible API port (JOUST_API_PORT) of the same server. */
const API_PORT = Number(process.env.E2E_API_PORT ?? PORT + 1);
process.env.E2E_API_PORT = String(API_PORT); // read by e2e/api-openai.spec.ts
const BASE_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

export default defineConfig({
  testDir: "e2e",
  testMatch: /.*\.spec\.ts/,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [["list"], ["json", { outputFile: ".cache/playwright.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
  },
  projects: [
    {
      // WebGPU on (SwiftShader fallback adapter). Runs every spec.
      name: "webgpu",
      use: { launchOptions: { executablePath: CHROMIUM, args: [...BASE_ARGS, "--enable-unsafe-webgpu"] } },
    },
    {
      // No WebGPU: engines fall back to WASM. Runs only specs tagged @wasm.
      name: "wasm",
      grep: /@wasm/,
      use: { launchOptions: { executablePath: CHROMIUM, args: BASE_ARGS } },
    },
  ],
  webServer: [
    {
      command: `node e2e/stubs/upstream.mjs`,
      port: STUB_PORT,
      env: { STUB_PORT: String(STUB_PORT) },
      reuseExistingServer: false,
    },
    {
      command: `node scripts/e2e-server.mjs`,
      port: PORT,
      env: { E2E_PORT: String(PORT), STUB_PORT: String(STUB_PORT), JOUST_API_PORT: String(API_PORT) },
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});
