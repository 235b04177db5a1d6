import { expect, test, type Page } from "@playwright/test";
import { DEFAULT_PARAMS, buildPlaygroundRequest } from "../lib/playground/params";
import { expectedGreedyReply } from "../lib/engines/transformers/node-model";

const PROMPT = "Tell me a story about the river.";

/** What the same generate-core produces on the same model files in Node (onnxruntime-node). */
async function expected(maxTokens: number) {
  const req = buildPlaygroundRequest(PROMPT, { ...DEFAULT_PARAMS, maxTokens });
  return expectedGreedyReply(req.messages, { max_tokens: maxTokens });
}

async function loadTiny(page: Page) {
  await page.goto("/playground");
  await expect(page.getByTestId("playground-model")).toHaveAttribute("data-value", "transformers:tiny-chat");
  await page.getByTestId("playground-load").click();
  await expect(page.getByTestId("playground-ready")).toBeVisible({ timeout: 120_000 });
}

async function generate(page: Page, maxTokens: number) {
  await page.getByTestId("param-maxTokens").fill(String(maxTokens));
  await page.getByTestId("playground-prompt").fill(PROMPT);
  await page.getByTestId("playground-generate").click();
}

test("tiny model streams exactly the Node-computed greedy reply in a worker @wasm", async ({ page }, info) => {
  const want = await expected(48);
  expect(want.text.length).toBeGreaterThan(20);
  await loadTiny(page);
  await expect(page.getByTestId("playground-backend")).toHaveText("transformers");
  await expect(page.getByTestId("playground-device")).toHaveText(info.project.name === "wasm" ? "wasm" : "webgpu");
  await generate(page, 48);
  await expect(page.getByTestId("playground-stats")).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId("playground-output")).toHaveText(want.text, { useInnerText: true });
  await expect(page.getByTestId("stat-finish")).toHaveText(want.finishReason ?? "");
  await expect(page.getByTestId("stat-tokens")).toHaveText(String(want.completionTokens));
  expect(Number(await page.getByTestId("stat-tps").textContent())).toBeGreaterThan(0);
});

test("stop mid-stream keeps the partial text", async ({ page }) => {
  const full = await expected(400);
  await loadTiny(page);
  await generate(page, 400);
  const out = page.getByTestId("playground-output");
  await expect(out).not.toHaveText("");
  await page.getByTestId("playground-stop").click();
  await expect(page.getByTestId("stat-finish")).toHaveText("abort");
  const partial = (await out.innerText()).replace(/\n$/, "");
  expect(partial.length).toBeGreaterThan(0);
  expect(partial.length).toBeLessThan(full.text.length);
  expect(full.text.startsWith(partial)).toBe(true);
  await expect(page.getByTestId("playground-generate")).toBeEnabled();
});

test("a base URL that 404s gives a readable error, and a retry with the right URL works", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/playground");
  await page.getByTestId("playground-base-url").fill("/no-such-models/");
  await page.getByTestId("playground-load").click();
  const alert = page.getByTestId("playground-load-error");
  await expect(alert).toBeVisible({ timeout: 60_000 });
  await expect(alert).toHaveAttribute("data-code", "not_found:model");
  await expect(alert).toContainText("/no-such-models/tiny-chat/");
  await expect(alert).toContainText("not found");

  await page.getByTestId("playground-base-url").fill("/models/");
  await page.getByTestId("playground-load").click();
  await expect(page.getByTestId("playground-ready")).toBeVisible({ timeout: 120_000 });
  const want = await expected(16);
  await generate(page, 16);
  await expect(page.getByTestId("playground-stats")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("playground-output")).toHaveText(want.text, { useInnerText: true });
  expect(errors).toEqual([]);
});

test("a model file missing mid-load is reported with its URL and leaves nothing cached; a retry loads cleanly", async ({
  page,
}) => {
  await page.route("**/models/tiny-chat/onnx/model.onnx", (route) => route.fulfill({ status: 404, body: "gone" }));
  await page.goto("/playground");
  await page.getByTestId("playground-load").click();
  const alert = page.getByTestId("playground-load-error");
  await expect(alert).toHaveAttribute("data-code", "not_found:model", { timeout: 60_000 });
  await expect(alert).toContainText("/models/tiny-chat/onnx/model.onnx");
  const cachedModelFiles = () =>
    page.evaluate(async () => {
      const cache = await caches.open("transformers-cache");
      return (await cache.keys()).map((r) => r.url).filter((u) => u.includes("/models/tiny-chat/"));
    });
  // config.json and the tokenizer files loaded before the failure; the purge removed them.
  expect(await cachedModelFiles()).toEqual([]);

  await page.unroute("**/models/tiny-chat/onnx/model.onnx");
  await page.getByTestId("playground-load").click();
  await expect(page.getByTestId("playground-ready")).toBeVisible({ timeout: 120_000 });
  expect((await cachedModelFiles()).some((u) => u.endsWith("/onnx/model.onnx"))).toBe(true);
});
