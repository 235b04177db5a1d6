import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";

const prebuilt = JSON.parse(
  readFileSync(new URL("../lib/engines/webllm/prebuilt-models.json", import.meta.url), "utf8"),
) as {
  models: Array<{ model_id: string; model: string; model_lib: string }>;
};

// The real download locations come from the app's own web-llm catalog; every request to those hosts
// (or their subdomains: redirect targets) is aborted, so nothing is ever downloaded.
const LLAMA = prebuilt.models.find((m) => m.model_id === "Llama-3.2-1B-Instruct-q4f32_1-MLC")!;
const HOSTS = [...new Set(prebuilt.models.flatMap((m) => [new URL(m.model).hostname, new URL(m.model_lib).hostname]))];
const isExternal = (url: URL) => HOSTS.some((h) => url.hostname === h || url.hostname.endsWith(`.${h}`));

const row = (page: Page, id: string) => page.locator(`[data-testid="model-row"][data-model-id="${id}"]`);

async function openModels(page: Page) {
  await page.goto("/models");
  await expect(page.getByTestId("webgpu-report")).not.toHaveAttribute("data-status", "probing");
}

/** Every request to the model hosts, from the page or its workers; answered as unreachable. */
async function watchExternal(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.context().on("request", (r) => {
    if (isExternal(new URL(r.url()))) seen.push(r.url());
  });
  await page.context().route(isExternal, (route) => route.abort("internetdisconnected"));
  return seen;
}

test("capability report shows the SwiftShader fallback adapter", async ({ page }) => {
  await openModels(page);
  await expect(page.getByTestId("webgpu-report")).toHaveAttribute("data-status", "available");
  await expect(page.getByTestId("webgpu-architecture")).toHaveText("swiftshader");
  await expect(page.getByTestId("webgpu-fallback")).toHaveText("yes");
  await expect(page.getByTestId("webgpu-f16")).toContainText("not supported");
  await expect(page.getByTestId("webgpu-limit-maxBufferSize")).toHaveText("1,073,741,824");
  await expect(page.getByTestId("webgpu-limit-maxComputeInvocationsPerWorkgroup")).toHaveText("256");
});

test("without WebGPU the report says in-browser models use WASM only @wasm", async ({ page }, info) => {
  test.skip(info.project.name !== "wasm", "the wasm project runs Chromium without --enable-unsafe-webgpu");
  await openModels(page);
  await expect(page.getByTestId("webgpu-unavailable")).toContainText(
    "WebGPU unavailable — in-browser models will use WASM (transformers.js) only",
  );
  // web-llm models are marked as not runnable; transformers.js ones run on WASM.
  await page.getByTestId("model-group-webllm").locator("summary").click();
  await expect(row(page, "webllm:Llama-3.2-1B-Instruct-q4f32_1-MLC").getByTestId("model-runnable")).toContainText(
    "WebGPU is not available",
  );
  await expect(row(page, "transformers:tiny-chat").getByTestId("model-runnable")).toHaveText("Can run here (WASM)");
});

test("without WebGPU the web-llm worker refuses before any download @wasm", async ({ page }, info) => {
  test.skip(info.project.name !== "wasm", "needs Chromium without WebGPU");
  const external = await watchExternal(page);
  await openModels(page);
  await page.getByTestId("model-group-webllm").locator("summary").click();
  const f32 = row(page, "webllm:Llama-3.2-1B-Instruct-q4f32_1-MLC");
  await f32.getByTestId("model-download").click();
  await expect(f32.getByTestId("model-error")).toHaveAttribute("data-code", "unsupported:webgpu");
  await expect(f32.getByTestId("model-error")).toContainText("Unable to find a compatible GPU");
  await expect(f32.getByTestId("model-error")).toContainText("WebGPU is not available in this browser");
  await expect(f32.getByTestId("model-retry")).toBeVisible();
  expect(external).toEqual([]);
});

test("a q4f16 web-llm model is refused on this adapter before any download", async ({ page }) => {
  const external = await watchExternal(page);
  await openModels(page);
  await page.getByTestId("model-group-webllm").locator("summary").click();
  const f16 = row(page, "webllm:Llama-3.2-1B-Instruct-q4f16_1-MLC");
  await expect(f16.getByTestId("model-runnable")).toHaveAttribute("data-ok", "false");
  await expect(f16.getByTestId("model-runnable")).toContainText("shader-f16");

  // The worker itself refuses (the page's check is advisory): typed error, readable reason.
  await f16.getByTestId("model-download").click();
  const err = f16.getByTestId("model-error");
  await expect(err).toHaveAttribute("data-code", "unsupported:webgpu");
  await expect(err).toContainText('Llama-3.2-1B-Instruct-q4f16_1-MLC needs the WebGPU "shader-f16" feature');
  await expect(err).toContainText("Llama-3.2-1B-Instruct-q4f32_1-MLC");
  await expect(f16.getByTestId("model-retry")).toBeVisible();
  expect(external).toEqual([]);

  // Control: the q4f32 sibling passes the checks, so the worker does reach for Hugging Face —
  // proving the listener sees worker requests — and the unreachable host maps to offline:download.
  const f32 = row(page, "webllm:Llama-3.2-1B-Instruct-q4f32_1-MLC");
  await expect(f32.getByTestId("model-runnable")).toHaveAttribute("data-ok", "true");
  await f32.getByTestId("model-download").click();
  await expect(f32.getByTestId("model-error")).toHaveAttribute("data-code", "offline:download");
  expect(external.some((u) => u.startsWith(`${LLAMA.model}/`))).toBe(true);
});

test("a custom web-llm model whose URL 404s gives not_found, caches nothing, offers Retry", async ({
  page,
  baseURL,
}) => {
  await openModels(page);
  await page.getByTestId("custom-backend").selectOption("webllm");
  await page.getByTestId("custom-add").click();
  await expect(page.getByTestId("custom-modelUrl-error")).toBeVisible();
  await expect(page.getByTestId("custom-modelLibUrl-error")).toBeVisible();
  await page.getByTestId("custom-modelUrl").fill("/models/Missing-q4f32_1-MLC");
  await page.getByTestId("custom-modelLibUrl").fill("/models/missing-q4f32_1-webgpu.wasm");
  await page.getByTestId("custom-add").click();
  await expect(page.getByTestId("custom-added")).toBeVisible();

  const custom = row(page, `custom:webllm:${baseURL}/models/Missing-q4f32_1-MLC`);
  await custom.getByTestId("model-download").click();
  await expect(custom.getByTestId("model-error")).toHaveAttribute("data-code", "not_found:model");
  await expect(custom.getByTestId("model-error")).toContainText("HTTP 404");
  await expect(custom.getByTestId("model-retry")).toBeVisible();
  expect(await cachedUrls(page, "/models/Missing-q4f32_1-MLC/")).toEqual([]);
  await custom.getByTestId("model-retry").click();
  await expect(custom.getByTestId("model-error")).toHaveAttribute("data-code", "not_found:model");
  await custom.getByTestId("model-remove-custom").click();
  await expect(custom).toHaveCount(0);
});

test("a web-llm download that fails midway leaves no cache entries behind", async ({ page }) => {
  // A self-hosted web-llm model whose config downloads fine but whose model library is not a valid
  // wasm: web-llm caches the config and the library, then fails instantiating it.
  const HOST = "https://models.example.test";
  const requests: string[] = [];
  page.context().on("request", (r) => {
    if (r.url().startsWith(HOST)) requests.push(`${r.method()} ${r.url()}`);
  });
  await page.context().route(`${HOST}/**`, (route) => {
    const url = route.request().url();
    if (url.endsWith("/mlc-chat-config.json"))
      return route.fulfill({
        json: {
          model_type: "llama",
          context_window_size: 1024,
          tokenizer_files: ["tokenizer.json"],
          conv_template: {},
        },
      });
    if (url.endsWith("/tensor-cache.json"))
      return route.fulfill({ json: { records: [{ dataPath: "params_shard_0.bin", nbytes: 4096, records: [] }] } });
    if (url.endsWith(".wasm"))
      return route.fulfill({ body: Buffer.from("definitely not wasm"), contentType: "application/wasm" });
    return route.fulfill({ status: 404, body: "" });
  });
  await openModels(page);
  await page.getByTestId("custom-backend").selectOption("webllm");
  await page.getByTestId("custom-modelUrl").fill(`${HOST}/me/Partial-q4f32_1-MLC`);
  await page.getByTestId("custom-modelLibUrl").fill(`${HOST}/libs/Partial-q4f32_1-webgpu.wasm`);
  await page.getByTestId("custom-add").click();
  const custom = row(page, `custom:webllm:${HOST}/me/Partial-q4f32_1-MLC`);
  await custom.getByTestId("model-download").click();
  await expect(custom.getByTestId("model-error")).toHaveAttribute("data-code", "unsupported:model");
  await expect(custom.getByTestId("model-error")).toContainText("not compatible with this web-llm runtime");
  await expect(custom.getByTestId("model-retry")).toBeVisible();
  // web-llm itself fetched (and cached) the library — a GET after our preflight HEAD …
  expect(requests).toContain(`GET ${HOST}/libs/Partial-q4f32_1-webgpu.wasm`);
  // … and the failed download left nothing behind.
  await expect.poll(() => cachedUrls(page, HOST)).toEqual([]);
  await expect(custom.getByTestId("model-cached")).toHaveAttribute("data-cached", "false");
});

test("a custom transformers.js model whose URL 404s gives a readable error, caches nothing, offers Retry @wasm", async ({
  page,
  baseURL,
}) => {
  await openModels(page);
  await page.getByTestId("custom-baseUrl").fill("/models/");
  await page.getByTestId("custom-modelId").fill("no-such-model");
  await page.getByTestId("custom-add").click();
  const custom = row(page, `custom:transformers:${baseURL}/models/no-such-model`);
  await custom.getByTestId("model-download").click();
  const err = custom.getByTestId("model-error");
  await expect(err).toHaveAttribute("data-code", "not_found:model");
  await expect(err).not.toBeEmpty();
  await expect(custom.getByTestId("model-retry")).toBeVisible();
  expect(await cachedUrls(page, "/models/no-such-model/")).toEqual([]);
});

test("the tiny model downloads with progress, shows its cached size, and deletes @wasm", async ({ page }) => {
  await openModels(page);
  const tiny = row(page, "transformers:tiny-chat");
  await expect(tiny.getByTestId("model-cached")).toHaveAttribute("data-cached", "false");
  await tiny.getByTestId("model-download").click();
  await expect(tiny.getByTestId("model-progress")).toBeVisible();
  await expect(tiny.getByTestId("model-cached")).toHaveAttribute("data-cached", "true", { timeout: 120_000 });
  await expect(tiny.getByTestId("model-cached")).toContainText(/Cached · [\d.]+ (KB|MB)/);
  expect((await cachedUrls(page, "/models/tiny-chat/")).length).toBeGreaterThan(0);
  await tiny.getByTestId("model-delete").click();
  await expect(tiny.getByTestId("model-cached")).toHaveAttribute("data-cached", "false");
  expect(await cachedUrls(page, "/models/tiny-chat/")).toEqual([]);
});

test("remote models from /api/models are listed; a failing route leaves local models and a notice @wasm", async ({
  page,
}) => {
  await page.route("**/api/models", (route) =>
    route.fulfill({
      json: {
        models: [
          { name: "stub-gpt", provider: "openai", available: true, arena: { anonymousOnly: false, weight: 1 } },
          {
            name: "stub-claude",
            provider: "anthropic",
            available: false,
            unavailableReason: "STUB_ANTHROPIC_KEY is not set",
            arena: { anonymousOnly: false, weight: 1 },
          },
        ],
        testModels: true,
      },
    }),
  );
  await openModels(page);
  await expect(row(page, "remote:stub-gpt").getByTestId("model-runnable")).toHaveAttribute("data-ok", "true");
  await expect(row(page, "remote:stub-claude").getByTestId("model-runnable")).toContainText(
    "STUB_ANTHROPIC_KEY is not set",
  );
  await expect(page.getByTestId("remote-models-notice")).toHaveCount(0);

  await page.unroute("**/api/models");
  await page.route("**/api/models", (route) =>
    route.fulfill({ status: 500, json: { error: { code: "internal:api", message: "boom" } } }),
  );
  await page.reload();
  await expect(page.getByTestId("remote-models-notice")).toContainText("showing in-browser models only");
  // Without the server's word, the test fixtures are not listed; the real in-browser models are.
  await expect(row(page, "transformers:HuggingFaceTB/SmolLM2-135M-Instruct")).toBeVisible();
  await expect(row(page, "transformers:tiny-chat")).toHaveCount(0);
  await expect(page.getByTestId("model-group-remote")).toHaveCount(0);
});

test("storage estimate and Persist storage report a result @wasm", async ({ page }) => {
  await openModels(page);
  await expect(page.getByTestId("storage-estimate")).toContainText(/used of/);
  await page.getByTestId("persist-storage").click();
  await expect(page.getByTestId("persist-result")).toContainText(/Storage is persistent|declined to persist/);
});

test("cached files are sized and deleted per model; Clear all empties every model cache @wasm", async ({
  page,
  baseURL,
}) => {
  await openModels(page);
  // Seed the caches the engines write (same cache names and keys), then let the page inspect them.
  await page.evaluate(
    async ({ origin, model, lib }) => {
      const tf = await caches.open("transformers-cache");
      await tf.put(`${origin}/models/tiny-chat/config.json`, new Response("x".repeat(1500)));
      await tf.put(`${origin}/models/tiny-chat/onnx/model.onnx`, new Response("y".repeat(2500)));
      await tf.put(`${origin}/models/other/config.json`, new Response("z"));
      const wl = await caches.open("webllm/model");
      await wl.put(
        `${model}/resolve/main/params_shard_0.bin`,
        new Response("w".repeat(3000), { headers: { "content-length": "3000" } }),
      );
      const wasm = await caches.open("webllm/wasm");
      await wasm.put(lib, new Response("v".repeat(500)));
    },
    { origin: baseURL!, model: LLAMA.model, lib: LLAMA.model_lib },
  );
  await page.reload();
  const tiny = row(page, "transformers:tiny-chat");
  await expect(tiny.getByTestId("model-cached")).toHaveText("Cached · 4.0 KB");
  await page.getByTestId("model-group-webllm").locator("summary").click();
  const f32 = row(page, "webllm:Llama-3.2-1B-Instruct-q4f32_1-MLC");
  await expect(f32.getByTestId("model-cached")).toHaveText("Cached · 3.5 KB");
  await expect(row(page, "webllm:Llama-3.2-1B-Instruct-q4f16_1-MLC").getByTestId("model-cached")).toHaveText(
    "Not cached",
  );

  await tiny.getByTestId("model-delete").click();
  await expect(tiny.getByTestId("model-cached")).toHaveText("Not cached");
  expect(await cachedUrls(page, "/models/tiny-chat/")).toEqual([]);
  expect(await cachedUrls(page, "/models/other/")).toHaveLength(1);

  page.once("dialog", (d) => void d.accept());
  await page.getByTestId("clear-all-models").click();
  await expect(f32.getByTestId("model-cached")).toHaveText("Not cached");
  expect(await cachedUrls(page, "/")).toEqual([]);
});

/** URLs in the browser's caches, minus the service worker's app shell (pages, build assets: workers/sw.ts), which no model owns. */
function cachedUrls(page: Page, fragment: string): Promise<string[]> {
  return page.evaluate(async (frag) => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      if (name.startsWith("serwist-") || name.startsWith("joust-")) continue;
      for (const req of await (await caches.open(name)).keys()) if (req.url.includes(frag)) urls.push(req.url);
    }
    return urls;
  }, fragment);
}
