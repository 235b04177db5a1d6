/**
 * Issue 16 against the real server process: Host allow-list (DNS rebinding), the Content-Security-Policy,
 * cross-site POSTs refused, the public export without conversations.
 */
import { request as http } from "node:http";
import { expect, test } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);

/** A raw request with a chosen Host header (fetch and Playwright set their own). */
function rawGet(path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http({ host: "127.0.0.1", port: PORT, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

test("a rebound host name is refused on pages and routes; the configured one is served", async () => {
  expect(await rawGet("/api/models", "attacker.example")).toBe(421);
  expect(await rawGet("/leaderboard", `attacker.example:${PORT}`)).toBe(421);
  expect(await rawGet("/api/models", `127.0.0.1:${PORT}`)).toBe(200);
});

test("pages carry the Content-Security-Policy and still work", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && /Content Security Policy/i.test(m.text()) && errors.push(m.text()));
  const res = await page.goto("/arena");
  const csp = res?.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("'wasm-unsafe-eval'");
  expect(csp).toContain("worker-src 'self' blob:");
  expect(csp).toMatch(/connect-src 'self' [^;]*https:\/\/huggingface\.co/);
  expect(res?.headers()["x-content-type-options"]).toBe("nosniff");
  await expect(page.getByTestId("arena")).toBeVisible();
  expect(errors).toEqual([]);
});

test("cross-site POSTs are refused; the public export has no conversations", async ({ request }) => {
  const body = JSON.stringify({ mode: "anonymous", localModels: [] });
  const foreign = await request.post("/api/arena/battles", {
    data: body,
    headers: { "content-type": "application/json", origin: "https://evil.example" },
  });
  expect(foreign.status()).toBe(403);
  const plain = await request.post("/api/arena/battles", { data: body, headers: { "content-type": "text/plain" } });
  expect(plain.status()).toBe(400);
  const chat = await request.post("/api/chat", {
    data: JSON.stringify({ model: "stub-gpt", messages: [{ role: "user", content: "hi" }] }),
    headers: { "content-type": "text/plain;charset=UTF-8", origin: "https://evil.example" },
  });
  expect(chat.status()).toBe(403);
  const imp = await request.post("/api/arena/battles/import", {
    data: "[]",
    headers: { "content-type": "application/json" },
  });
  expect([401, 403]).toContain(imp.status());
  const exp = await request.get("/api/arena/battles/export?format=json");
  expect(exp.status()).toBe(200);
  for (const r of (await exp.json()) as Array<Record<string, unknown>>) expect(r).not.toHaveProperty("conversation_a");
  expect((await request.get("/api/arena/battles/export?format=json&conversations=1")).status()).toBeGreaterThanOrEqual(
    401,
  );
});
