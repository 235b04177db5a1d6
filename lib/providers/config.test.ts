import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig, readConfig } from "./config";

const good = { name: "gpt", provider: "openai", model: "gpt-4o-mini", apiKeyEnv: "K_OPENAI" };
const env = { K_OPENAI: "sk-test" };

describe("config validation", () => {
  it("accepts a valid entry with defaults filled in", () => {
    const c = parseConfig({ models: [good] }, "joust.config.json", env);
    expect(c.problems).toEqual([]);
    expect(c.models[0].available).toBe(true);
    expect(c.models[0].entry?.timeoutMs).toBe(60_000);
    expect(c.models[0].info).toEqual({
      name: "gpt",
      provider: "openai",
      available: true,
      arena: { anonymousOnly: false, weight: 1, neverPairWith: [] },
    });
    expect(c.limits.maxChars).toBe(12_000);
  });

  it("names the file and the bad field, and disables only that entry", () => {
    const c = parseConfig(
      { models: [good, good, { ...good, name: "x", provider: "bogus" }] },
      "joust.config.json",
      env,
    );
    expect(c.models.map((m) => m.available)).toEqual([true, false, false]);
    expect(c.models[1].unavailableReason).toBe('joust.config.json: models[1].name: duplicate model name "gpt"');
    expect(c.models[2].unavailableReason).toMatch(/^joust\.config\.json: models\[2\]\.provider: /);
    expect(c.problems).toHaveLength(2);
  });

  it("reports nested fields", () => {
    const c = parseConfig(
      {
        models: [
          { ...good, params: { temperature: 9 } },
          { ...good, name: "b", arena: { weight: -1 } },
        ],
      },
      "joust.config.json",
      env,
    );
    expect(c.models[0].unavailableReason).toMatch(/^joust\.config\.json: models\[0\]\.params\.temperature: /);
    expect(c.models[1].unavailableReason).toMatch(/^joust\.config\.json: models\[1\]\.arena\.weight: /);
  });

  it("disables a model whose key variable is unset without naming the variable publicly", () => {
    const c = parseConfig({ models: [{ ...good, apiKeyEnv: "MISSING_KEY_VAR" }] }, "joust.config.json", {});
    expect(c.models[0].available).toBe(false);
    expect(c.models[0].info.unavailableReason).toContain("models[0].apiKeyEnv");
    expect(JSON.stringify(c.models[0].info)).not.toContain("MISSING_KEY_VAR");
    expect(c.problems[0]).toContain("MISSING_KEY_VAR"); // the server log says which variable
  });

  it("requires a key for hosted providers and a base URL for openai-compatible", () => {
    const c = parseConfig(
      {
        models: [
          { name: "a", provider: "anthropic", model: "m" },
          { name: "b", provider: "openai-compatible", model: "m" },
          { name: "c", provider: "openai-compatible", model: "m", baseUrl: "http://127.0.0.1:8000/v1" },
        ],
      },
      "joust.config.json",
      {},
    );
    expect(c.models[0].unavailableReason).toBe(
      "joust.config.json: models[0].apiKeyEnv: required for provider anthropic",
    );
    expect(c.models[1].unavailableReason).toBe(
      "joust.config.json: models[1].baseUrl: required for provider openai-compatible",
    );
    expect(c.models[2].available).toBe(true);
  });

  it("rejects non-http base URLs and unknown fields", () => {
    const c = parseConfig(
      {
        models: [
          { ...good, baseUrl: "file:///etc/passwd" },
          { ...good, name: "z", extra: 1 },
        ],
      },
      "joust.config.json",
      env,
    );
    expect(c.models[0].unavailableReason).toMatch(/models\[0\]\.baseUrl/);
    expect(c.models[1].unavailableReason).toMatch(/^joust\.config\.json: models\[1\]: /);
  });

  it("a missing file means no models; invalid JSON is a problem, not a crash", () => {
    const dir = mkdtempSync(join(tmpdir(), "joust-cfg-"));
    expect(readConfig(join(dir, "nope.json"))).toMatchObject({ models: [], problems: [] });
    writeFileSync(join(dir, "bad.json"), "{ models: ");
    const c = readConfig(join(dir, "bad.json"));
    expect(c.models).toEqual([]);
    expect(c.problems[0]).toMatch(/^bad\.json: invalid JSON/);
  });

  it("validates limits and keeps the arena section", () => {
    const c = parseConfig(
      { models: [], limits: { maxChars: -1 }, arena: { battleTargets: { a: 1 } } },
      "joust.config.json",
      env,
    );
    expect(c.problems[0]).toMatch(/^joust\.config\.json: limits\.maxChars: /);
    expect(c.limits.maxChars).toBe(12_000);
    expect(c.arena).toEqual({ battleTargets: { a: 1 } });
  });
});
