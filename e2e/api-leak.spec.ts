// The fake provider keys (in the environment during `npm run build` — see scripts/test-all.sh —
// and at runtime — scripts/e2e-server.mjs) must appear nowhere in the client bundles nor in any
// API response we can provoke: model lists, errors (including an upstream 401 that echoes the key), streams.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";

const KEYS = ["sk-e2e-openai-SECRET-1111", "sk-ant-e2e-SECRET-2222", "e2e-gemini-SECRET-3333"];
const KEY_NAMES = ["STUB_OPENAI_KEY", "STUB_ANTHROPIC_KEY", "STUB_GEMINI_KEY", "STUB_MISSING_KEY"];
const AUTH = { authorization: "Bearer e2e-api-key-1" };

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

test("no provider key in .next/static", () => {
  const all = files(".next/static");
  expect(all.length).toBeGreaterThan(10);
  let bytes = 0;
  for (const f of all) {
    const text = readFileSync(f).toString("latin1");
    bytes += text.length;
    for (const k of KEYS) expect(text.includes(k), `${k} found in ${f}`).toBe(false);
  }
  expect(bytes).toBeGreaterThan(10_000);
});

test("no provider key or key variable name in any API response", async ({ request }) => {
  const bodies: string[] = [];
  const keep = async (p: Promise<{ text(): Promise<string>; status(): number }>, status?: number) => {
    const r = await p;
    if (status !== undefined) expect(r.status()).toBe(status);
    bodies.push(await r.text());
  };
  await keep(request.get("/api/models"), 200);
  await keep(request.get("/api/v1/models", { headers: AUTH }), 200);
  const apiPort = `http://127.0.0.1:${process.env.E2E_API_PORT}/v1`; // the dedicated API listener
  await keep(request.get(`${apiPort}/models`, { headers: AUTH }), 200);
  await keep(request.get("/"));
  const chats: Array<[string, number]> = [
    ["stub-gpt", 200],
    ["stub-gpt-wrongkey", 502], // the stub's 401 message echoes the (other) key it was sent
    ["stub-nokey", 503],
    ["stub-gpt-500", 502],
    ["stub-claude-429", 429],
    ["stub-gpt-cut", 200],
    ["stub-gemini-malformed", 200],
  ];
  for (const [model, status] of chats) {
    const messages = [{ role: "user", content: "leak check" }];
    await keep(request.post("/api/chat", { data: { model, messages } }), status);
    await keep(
      request.post("/api/v1/chat/completions", { headers: AUTH, data: { model, messages, stream: true } }),
      status,
    );
    await keep(
      request.post("/api/v1/chat/completions", { headers: AUTH, data: { model, messages } }),
      status === 200 ? undefined : status,
    );
    await keep(
      request.post(`${apiPort}/chat/completions`, { headers: AUTH, data: { model, messages, stream: true } }),
      status,
    );
  }
  await keep(
    request.post("/api/v1/chat/completions", { headers: { authorization: `Bearer ${KEYS[0]}` }, data: {} }),
    401,
  );
  const all = bodies.join("\n");
  // The responses really carried content and errors.
  expect(all).toContain("Echo: leak check");
  expect(all).toContain("rejected Joust's key");
  expect(all).toContain("event: error");
  for (const k of [...KEYS, ...KEY_NAMES]) expect(all.includes(k), `${k} leaked`).toBe(false);
  expect(all).not.toContain("127.0.0.1:");
});
