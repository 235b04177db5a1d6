import { describe, expect, it } from "vitest";
import { JoustError } from "@/lib/errors";
import type { LoadProgress } from "../types";
import { ortWasmPaths, progressMapper } from "./backend";
import { mapLoadError } from "./load-errors";

const ctx = { device: "webgpu" as const, baseUrl: "http://h/models/", modelName: "tiny-chat" };

describe("transformers load error mapping", () => {
  it("maps a 404 to not_found:model naming the URL", () => {
    const err = Object.assign(new Error('Could not locate file: "http://h/models/tiny-chat/config.json".'), {
      name: "ModelFileNotFoundError",
      status: 404,
    });
    const e = mapLoadError(err, ctx);
    expect(e.code).toBe("not_found:model");
    expect(e.message).toContain("http://h/models/tiny-chat/config.json");
    expect(e.details).toEqual({ url: "http://h/models/tiny-chat/config.json" });
  });

  it("maps a failed fetch to offline:download and GPU failures to unsupported:webgpu", () => {
    expect(mapLoadError(new TypeError("Failed to fetch"), ctx).code).toBe("offline:download");
    expect(mapLoadError(new Error("no available backend found. ERR: [webgpu] adapter is null"), ctx).code).toBe(
      "unsupported:webgpu",
    );
    expect(
      mapLoadError(new Error("no available backend found. ERR: [webgpu] adapter is null"), { ...ctx, device: "wasm" })
        .code,
    ).toBe("internal:model");
    expect(mapLoadError(new Error('Error (500) occurred while trying to load file: "http://h/x".'), ctx).code).toBe(
      "unavailable:download",
    );
    const typed = new JoustError("aborted:chat", "x");
    expect(mapLoadError(typed, ctx)).toBe(typed);
  });
});

describe("progressMapper", () => {
  it("aggregates bytes over all files", () => {
    const seen: LoadProgress[] = [];
    const on = progressMapper((p) => seen.push(p));
    on({ status: "initiate", name: "m", file: "config.json" });
    on({ status: "progress", name: "m", file: "config.json", progress: 50, loaded: 50, total: 100 });
    on({ status: "progress", name: "m", file: "onnx/model.onnx", progress: 0, loaded: 0, total: 900 });
    on({ status: "done", name: "m", file: "config.json" });
    on({ status: "progress", name: "m", file: "onnx/model.onnx", progress: 50, loaded: 450, total: 900 });
    const last = seen.at(-1)!;
    expect(last).toMatchObject({
      loadedBytes: 550,
      totalBytes: 1000,
      progress: 0.55,
      text: "Downloading onnx/model.onnx",
    });
    expect(seen.map((p) => p.loadedBytes)).toEqual([0, 50, 50, 100, 550]);
  });
});

describe("ortWasmPaths", () => {
  it("serves the plain SIMD runtime to WASM workers and the default (Asyncify) one to WebGPU workers, from our origin", () => {
    expect(ortWasmPaths("http://h:1", "wasm")).toEqual({
      mjs: "http://h:1/ort/ort-wasm-simd-threaded.mjs",
      wasm: "http://h:1/ort/ort-wasm-simd-threaded.wasm",
    });
    expect(ortWasmPaths("http://h:1", "webgpu")).toBe("http://h:1/ort/");
  });
});
