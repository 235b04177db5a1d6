import { describe, expect, it } from "vitest";
import { TINY_MODEL } from "@/lib/models/catalog";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { cacheMatcher, TRANSFORMERS_CACHE, WEBLLM_CACHES } from "./cache";

const O = "http://127.0.0.1:3102";

describe("cacheMatcher", () => {
  it("matches the tiny model's files under our origin's /models/tiny-chat/ only", () => {
    const m = cacheMatcher(TINY_MODEL, O)!;
    expect(m.cacheNames).toEqual([TRANSFORMERS_CACHE]);
    expect(m.matches(`${O}/models/tiny-chat/onnx/model.onnx`)).toBe(true);
    expect(m.matches(`${O}/models/tiny-chat-2/config.json`)).toBe(false);
    expect(m.matches(`${O}/ort/ort-wasm-simd-threaded.asyncify.wasm`)).toBe(false);
  });

  it("matches Hub transformers.js models by repo path", () => {
    const m = cacheMatcher(
      { id: "t", backend: "transformers", displayName: "", backendModelId: "onnx-community/Qwen2.5-0.5B-Instruct" },
      O,
    )!;
    expect(m.matches("https://huggingface.co/onnx-community/Qwen2.5-0.5B-Instruct/resolve/main/config.json")).toBe(
      true,
    );
    expect(m.matches("https://huggingface.co/onnx-community/Qwen2.5-1.5B-Instruct/resolve/main/config.json")).toBe(
      false,
    );
  });

  it("matches a web-llm model's weights, config and its model library", () => {
    const d: ModelDescriptor = {
      id: "webllm:X",
      backend: "webllm",
      displayName: "",
      backendModelId: "X-q4f32_1-MLC",
      url: "https://huggingface.co/mlc-ai/X-q4f32_1-MLC",
      modelLibUrl: "https://raw.githubusercontent.com/mlc-ai/libs/X-q4f32_1-webgpu.wasm",
    };
    const m = cacheMatcher(d, O)!;
    expect(m.cacheNames).toEqual(WEBLLM_CACHES);
    expect(m.matches("https://huggingface.co/mlc-ai/X-q4f32_1-MLC/resolve/main/params_shard_0.bin")).toBe(true);
    expect(m.matches("https://raw.githubusercontent.com/mlc-ai/libs/X-q4f32_1-webgpu.wasm")).toBe(true);
    expect(m.matches("https://huggingface.co/mlc-ai/X-q4f16_1-MLC/resolve/main/params_shard_0.bin")).toBe(false);
  });

  it("remote and fake models have nothing cached", () => {
    expect(cacheMatcher({ id: "remote:a", backend: "remote", displayName: "", backendModelId: "a" }, O)).toBeNull();
  });
});
