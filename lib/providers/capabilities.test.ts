import { describe, expect, it } from "vitest";
import { capabilitiesOf, DEFAULT_CAPABILITIES } from "./capabilities";
import { parseConfig } from "./config";

const good = { name: "gpt", provider: "openai", model: "gpt-4o-mini", apiKeyEnv: "K" };
const env = { K: "sk-test" };

describe("model capabilities in joust.config.json", () => {
  it("takes the provider's defaults when absent, the declared list when present", () => {
    const c = parseConfig(
      {
        models: [
          good,
          { ...good, name: "e", capabilities: ["embeddings"] },
          { ...good, name: "l", provider: "openai-compatible", baseUrl: "http://x/v1" },
        ],
      },
      "joust.config.json",
      env,
    );
    expect(c.problems).toEqual([]);
    const caps = c.models.map((m) => [...capabilitiesOf(m.provider, m.entry?.capabilities)]);
    expect(caps).toEqual([[...DEFAULT_CAPABILITIES.openai], ["embeddings"], []]);
    expect(DEFAULT_CAPABILITIES.openai).not.toContain("embeddings");
    // An embedding model is no chat or arena pick.
    expect(c.models[1].info).toMatchObject({ embeddingsOnly: true, arena: { weight: 0 } });
    expect(c.models[0].info.embeddingsOnly).toBeUndefined();
  });

  it("an unknown capability disables only that entry, naming the field; bad image settings are reported", () => {
    const c = parseConfig(
      { models: [good, { ...good, name: "b", capabilities: ["telepathy"] }], images: { maxImages: 0 } },
      "joust.config.json",
      env,
    );
    expect(c.models.map((m) => m.available)).toEqual([true, false]);
    expect(c.models[1].unavailableReason).toMatch(/^joust\.config\.json: models\[1\]\.capabilities\[0\]: /);
    expect(c.problems.some((p) => p.startsWith("joust.config.json: images.maxImages: "))).toBe(true);
    expect(c.images).toEqual({ allowRemoteUrls: false, maxImageBytes: 5 * 1024 * 1024, maxImages: 8 });
  });
});
