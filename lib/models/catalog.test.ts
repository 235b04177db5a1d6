import { afterEach, describe, expect, it, vi } from "vitest";
import type { PublicModelInfo } from "@/lib/providers/types";
import {
  buildCatalog,
  catalogGroup,
  fetchRemoteModels,
  remoteToDescriptor,
  TINY_MODEL,
  webllmPrebuiltModels,
} from "./catalog";

const gpt: PublicModelInfo = {
  name: "gpt-4o-mini",
  provider: "openai",
  available: true,
  contextWindow: 128000,
  arena: { anonymousOnly: false, weight: 1 },
};
const claude: PublicModelInfo = {
  name: "claude",
  provider: "anthropic",
  available: false,
  unavailableReason: "ANTHROPIC_API_KEY is not set",
  arena: { anonymousOnly: false, weight: 1 },
};

afterEach(() => vi.unstubAllGlobals());

describe("remote models", () => {
  it("maps PublicModelInfo to a remote descriptor", () => {
    expect(remoteToDescriptor(claude)).toEqual({
      id: "remote:claude",
      backend: "remote",
      displayName: "claude",
      backendModelId: "claude",
      provider: "anthropic",
      available: false,
      unavailableReason: "ANTHROPIC_API_KEY is not set",
      contextWindow: undefined,
    });
  });

  it("reads GET /api/models", async () => {
    const fetchMock = vi.fn(async () => Response.json({ models: [gpt, claude] }));
    vi.stubGlobal("fetch", fetchMock);
    const r = await fetchRemoteModels();
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Response.json({ models: [gpt], testModels: true })),
    );
    expect((await fetchRemoteModels()).testModels).toBe(true);
    expect(fetchMock).toHaveBeenCalledWith("/api/models", undefined);
    expect(r.error).toBeUndefined();
    expect(r.testModels).toBe(false);
    expect(r.models.map((m) => [m.id, m.available])).toEqual([
      ["remote:gpt-4o-mini", true],
      ["remote:claude", false],
    ]);
  });

  it("a 404 or unreachable route gives no remote models and a typed error", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response("<html>404</html>", { status: 404 })),
    );
    const r404 = await fetchRemoteModels();
    expect(r404.models).toEqual([]);
    expect(r404.error?.code).toBe("internal:api");
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))),
    );
    const off = await fetchRemoteModels();
    expect(off.models).toEqual([]);
    expect(off.error?.code).toBe("offline:api");
  });
});

describe("buildCatalog", () => {
  it("lists built-in, transformers.js Hub, web-llm prebuilt, custom and remote models without duplicates", () => {
    const custom = {
      id: "custom:transformers:http://x/models/tiny-chat",
      backend: "transformers" as const,
      displayName: "t",
      backendModelId: "tiny-chat",
      url: "http://x/models/",
    };
    const all = buildCatalog({ custom: [custom, custom], remote: [remoteToDescriptor(gpt)], testModels: true });
    expect(all[0]).toBe(TINY_MODEL);
    expect(all.filter((m) => m.id === custom.id)).toHaveLength(1);
    expect(all.some((m) => m.backend === "transformers" && m.backendModelId.startsWith("onnx-community/"))).toBe(true);
    expect(all.at(-1)?.id).toBe("remote:gpt-4o-mini");
    expect(new Set(all.map(catalogGroup))).toEqual(new Set(["test", "transformers", "webllm", "custom", "remote"]));
  });

  it("lists the test fixtures only when the server turns them on (JOUST_TEST_MODELS=1)", () => {
    const product = buildCatalog({ remote: [remoteToDescriptor(gpt)] });
    expect(product.some((m) => m.id === TINY_MODEL.id || m.backend === "fake")).toBe(false);
    expect(new Set(product.map(catalogGroup))).toEqual(new Set(["transformers", "webllm", "remote"]));
    vi.stubGlobal("localStorage", { getItem: (k: string) => (k === "joust:fake-engine" ? "1" : null) });
    expect(buildCatalog().some((m) => m.backend === "fake")).toBe(false);
    expect(buildCatalog({ testModels: true }).filter((m) => m.backend === "fake")).toHaveLength(2);
  });

  it("describes web-llm prebuilt models with VRAM, f16 and context window, without importing web-llm", () => {
    const list = webllmPrebuiltModels();
    expect(list.length).toBeGreaterThan(50);
    const f16 = list.find((m) => m.backendModelId === "Llama-3.2-1B-Instruct-q4f16_1-MLC");
    expect(f16).toMatchObject({
      id: "webllm:Llama-3.2-1B-Instruct-q4f16_1-MLC",
      backend: "webllm",
      requiresF16: true,
      contextWindow: 4096,
    });
    expect(f16?.vramMB).toBeGreaterThan(100);
    expect(f16?.url).toMatch(/^https:\/\/huggingface\.co\/mlc-ai\//);
    expect(f16?.modelLibUrl).toMatch(/\.wasm$/);
    expect(list.find((m) => m.backendModelId === "Llama-3.2-1B-Instruct-q4f32_1-MLC")?.requiresF16).toBe(false);
  });
});
