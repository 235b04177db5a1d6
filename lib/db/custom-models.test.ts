import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import { JoustDB } from "./client-db";
import { listCustomModels, putCustomModel, removeCustomModel, validateCustomModel } from "./custom-models";

const ORIGIN = "http://127.0.0.1:3102";
let db: JoustDB | undefined;
afterEach(async () => {
  await db?.delete();
  db = undefined;
});

describe("validateCustomModel", () => {
  it("builds a transformers.js descriptor from the app's own /models/ folder", () => {
    const r = validateCustomModel({ backend: "transformers", baseUrl: "/models/", modelId: "tiny-chat" }, ORIGIN, 5);
    expect(r).toEqual({
      ok: true,
      model: {
        id: `custom:transformers:${ORIGIN}/models/tiny-chat`,
        backend: "transformers",
        displayName: "tiny-chat",
        backendModelId: "tiny-chat",
        url: `${ORIGIN}/models/`,
        addedAt: 5,
      },
    });
  });

  it("rejects bad transformers.js input field by field", () => {
    const r = validateCustomModel({ backend: "transformers", baseUrl: "ftp://x", modelId: "../etc" }, ORIGIN);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(["baseUrl", "modelId"]);
    const r2 = validateCustomModel({ backend: "transformers", baseUrl: "https://h/m", modelId: " " }, ORIGIN);
    expect(r2.ok || Object.keys(r2.errors)).toEqual(["modelId"]);
  });

  it("builds a web-llm descriptor and requires a .wasm model library", () => {
    const ok = validateCustomModel(
      {
        backend: "webllm",
        modelUrl: "https://h.example/me/Foo-q4f16_1-MLC/resolve/main/",
        modelLibUrl: "https://h.example/libs/foo.wasm",
      },
      ORIGIN,
    );
    expect(ok.ok && ok.model).toMatchObject({
      backend: "webllm",
      backendModelId: "Foo-q4f16_1-MLC",
      requiresF16: true,
      modelLibUrl: "https://h.example/libs/foo.wasm",
    });
    const bad = validateCustomModel(
      { backend: "webllm", modelUrl: "", modelLibUrl: "https://h.example/libs/foo.js" },
      ORIGIN,
    );
    expect(bad.ok || Object.keys(bad.errors).sort()).toEqual(["modelLibUrl", "modelUrl"]);
  });
});

describe("custom model queries (fake-indexeddb)", () => {
  it("adds, lists in insertion order, replaces by id and removes", async () => {
    db = new JoustDB(`custom-models-test-${Math.random()}`);
    const a = validateCustomModel({ backend: "transformers", baseUrl: "/models/", modelId: "a" }, ORIGIN, 2);
    const b = validateCustomModel({ backend: "transformers", baseUrl: "/models/", modelId: "b" }, ORIGIN, 1);
    if (!a.ok || !b.ok) throw new Error("invalid fixtures");
    await putCustomModel(db, a.model);
    await putCustomModel(db, b.model);
    expect((await listCustomModels(db)).map((m) => m.backendModelId)).toEqual(["b", "a"]);
    await putCustomModel(db, { ...a.model, displayName: "renamed" });
    expect(await listCustomModels(db)).toHaveLength(2);
    expect((await listCustomModels(db)).find((m) => m.id === a.model.id)?.displayName).toBe("renamed");
    await removeCustomModel(db, b.model.id);
    expect((await listCustomModels(db)).map((m) => m.id)).toEqual([a.model.id]);
  });
});
