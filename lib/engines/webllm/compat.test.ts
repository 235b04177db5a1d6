import { describe, expect, it } from "vitest";
import { checkWebLLMCompat, f32Variant, needsShaderF16, type AdapterFacts } from "./compat";

const GiB = 1024 ** 3;
const swiftshader: AdapterFacts = {
  vendor: "google",
  architecture: "swiftshader",
  isFallbackAdapter: true,
  features: ["float32-filterable", "subgroups", "timestamp-query"],
  limits: {
    maxBufferSize: GiB,
    maxStorageBufferBindingSize: GiB,
    maxComputeWorkgroupStorageSize: 32768,
    maxComputeInvocationsPerWorkgroup: 256,
  },
};
const withF16: AdapterFacts = { ...swiftshader, features: [...swiftshader.features, "shader-f16"] };

describe("needsShaderF16 / f32Variant", () => {
  it("recognises web-llm f16 quantizations by id and by required_features", () => {
    expect(needsShaderF16({ model_id: "Llama-3.2-1B-Instruct-q4f16_1-MLC" })).toBe(true);
    expect(needsShaderF16({ model_id: "Llama-3.2-1B-Instruct-q0f16-MLC" })).toBe(true);
    expect(needsShaderF16({ model_id: "Llama-3.2-1B-Instruct-q4f32_1-MLC" })).toBe(false);
    expect(needsShaderF16({ model_id: "custom", required_features: ["shader-f16"] })).toBe(true);
  });
  it("suggests the f32 sibling", () => {
    expect(f32Variant("Llama-3.2-1B-Instruct-q4f16_1-MLC")).toBe("Llama-3.2-1B-Instruct-q4f32_1-MLC");
    expect(f32Variant("Llama-3.2-1B-Instruct-q0f16-MLC")).toBe("Llama-3.2-1B-Instruct-q0f32-MLC");
  });
});

describe("checkWebLLMCompat", () => {
  it("refuses every model when there is no adapter", () => {
    const r = checkWebLLMCompat({ model_id: "Llama-3.2-1B-Instruct-q4f32_1-MLC" }, null);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("unsupported:webgpu");
    expect(r.error.message).toMatch(/Unable to find a compatible GPU.*WebGPU is not available in this browser/);
  });

  it("refuses a q4f16 model on an adapter without shader-f16, naming it and suggesting q4f32", () => {
    const r = checkWebLLMCompat({ model_id: "Llama-3.2-1B-Instruct-q4f16_1-MLC", vram_required_MB: 879 }, swiftshader);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("unsupported:webgpu");
    expect(r.error.message).toContain("Llama-3.2-1B-Instruct-q4f16_1-MLC");
    expect(r.error.message).toContain("shader-f16");
    expect(r.error.details?.suggestion).toBe("Llama-3.2-1B-Instruct-q4f32_1-MLC");
  });

  it("accepts the same f16 model when the adapter has shader-f16, and f32 models on SwiftShader", () => {
    expect(
      checkWebLLMCompat({ model_id: "Llama-3.2-1B-Instruct-q4f16_1-MLC", vram_required_MB: 879 }, withF16),
    ).toEqual({ ok: true });
    expect(
      checkWebLLMCompat({ model_id: "Llama-3.2-1B-Instruct-q4f32_1-MLC", vram_required_MB: 1129 }, swiftshader),
    ).toEqual({ ok: true });
  });

  it("refuses when a required buffer exceeds maxStorageBufferBindingSize", () => {
    const small = { ...swiftshader, limits: { ...swiftshader.limits, maxStorageBufferBindingSize: 128 * 1024 * 1024 } };
    const r = checkWebLLMCompat({ model_id: "Big-q4f32_1-MLC", buffer_size_required_bytes: 262144000 }, small);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("unsupported:webgpu");
      expect(r.error.message).toMatch(/250 MB.*at most 128 MB/);
    }
    expect(
      checkWebLLMCompat({ model_id: "Big-q4f32_1-MLC", buffer_size_required_bytes: 262144000 }, swiftshader).ok,
    ).toBe(true);
  });

  it("refuses when the VRAM requirement is far beyond the adapter's buffer limit", () => {
    const tiny = { ...swiftshader, limits: { ...swiftshader.limits, maxBufferSize: 256 * 1024 * 1024 } };
    const r = checkWebLLMCompat({ model_id: "Llama-3.1-8B-Instruct-q4f32_1-MLC", vram_required_MB: 6101 }, tiny);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain("6101 MB");
    expect(
      checkWebLLMCompat({ model_id: "Llama-3.1-8B-Instruct-q4f32_1-MLC", vram_required_MB: 6101 }, swiftshader).ok,
    ).toBe(true);
  });

  it("refuses when another required feature is missing", () => {
    const r = checkWebLLMCompat({ model_id: "X-q4f32_1-MLC", required_features: ["subgroups-f16"] }, swiftshader);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain("subgroups-f16");
  });
});
