import { describe, expect, it } from "vitest";
import { JoustError } from "@/lib/errors";
import { fetchFailureError, mapWebLLMError } from "./errors";

/** Errors shaped as web-llm throws them: its classes set `name` (they are not all exported). */
function webllmError(name: string, message = "irrelevant text"): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

describe("mapWebLLMError", () => {
  it("maps by error class name, not message text", () => {
    expect(mapWebLLMError(webllmError("WebGPUNotAvailableError")).code).toBe("unsupported:webgpu");
    expect(mapWebLLMError(webllmError("ShaderF16SupportError")).code).toBe("unsupported:webgpu");
    expect(mapWebLLMError(webllmError("DeviceLostError")).code).toBe("internal:webgpu");
    expect(mapWebLLMError(webllmError("ContextWindowSizeExceededError")).code).toBe("context_overflow:engine");
    expect(mapWebLLMError(webllmError("ModelNotFoundError")).code).toBe("not_found:model");
    const link = mapWebLLMError(new WebAssembly.LinkError("import ResetThreadPool missing"));
    expect(link.code).toBe("unsupported:model");
    expect(link.message).toContain("v0_2_86");
    expect(mapWebLLMError(new WebAssembly.CompileError("bad magic")).code).toBe("unsupported:model");
  });

  it("maps native allocation failures to unavailable:engine but web-llm's config RangeError to bad_request", () => {
    expect(mapWebLLMError(new RangeError("Array buffer allocation failed")).code).toBe("unavailable:engine");
    expect(mapWebLLMError(webllmError("GPUOutOfMemoryError")).code).toBe("unavailable:engine");
    expect(mapWebLLMError(webllmError("RangeError", "Make sure 0 < top_p <= 1")).code).toBe("bad_request:engine");
  });

  it("prefers an observed fetch failure, keeps JoustErrors and aborts", () => {
    expect(mapWebLLMError(new TypeError("x"), { url: "https://h/m/mlc-chat-config.json" }).code).toBe(
      "offline:download",
    );
    const j = new JoustError("unsupported:webgpu", "no");
    expect(mapWebLLMError(j)).toBe(j);
    expect(mapWebLLMError(new DOMException("stop", "AbortError")).code).toBe("aborted:chat");
    expect(mapWebLLMError(new Error("something else")).code).toBe("internal:engine");
  });
});

describe("fetchFailureError", () => {
  it("no response → offline:download; 404 → not_found:model; 500 → upstream:download", () => {
    expect(fetchFailureError({ url: "u" }).code).toBe("offline:download");
    const nf = fetchFailureError({ url: "https://x/resolve/main/mlc-chat-config.json", status: 404 });
    expect(nf.code).toBe("not_found:model");
    expect(nf.message).toContain("mlc-chat-config.json");
    expect(fetchFailureError({ url: "u", status: 500 }).code).toBe("upstream:download");
  });
});
