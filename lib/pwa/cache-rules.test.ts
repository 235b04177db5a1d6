import { describe, expect, it } from "vitest";
import { isEngineRuntime, isNeverCached, isShellNavigation, pageCacheKey, SHELL_PAGES } from "./cache-rules";

const O = "http://localhost:3000";
const u = (p: string) => new URL(p, O);
const nav = { mode: "navigate", method: "GET" };

describe("service worker cache rules", () => {
  it("never caches API responses, model weights or anything cross-origin", () => {
    for (const p of [
      "/api/models",
      "/api/arena/battles",
      "/api/v1/chat/completions",
      "/models/tiny-chat/onnx/model.onnx",
      "https://huggingface.co/x/resolve/main/model.onnx",
      "https://raw.githubusercontent.com/mlc-ai/x.wasm",
    ]) {
      expect(isNeverCached(u(p), O), p).toBe(true);
      expect(isShellNavigation(nav, u(p), O), p).toBe(false);
      expect(isEngineRuntime(u(p), O), p).toBe(false);
    }
  });

  it("keeps the app's pages for offline, only for GET navigations", () => {
    for (const p of SHELL_PAGES) expect(isShellNavigation(nav, u(p), O), p).toBe(true);
    expect(isShellNavigation({ mode: "cors", method: "GET" }, u("/arena"), O)).toBe(false);
    expect(isShellNavigation({ mode: "navigate", method: "POST" }, u("/arena"), O)).toBe(false);
    expect(pageCacheKey(u("/?c=abc"))).toBe(`${O}/`);
  });

  it("keeps the engines' WASM runtime and hashed build assets once used", () => {
    expect(isEngineRuntime(u("/ort/ort-wasm-simd-threaded.jsep.wasm"), O)).toBe(true);
    expect(isEngineRuntime(u("/_next/static/media/ort-wasm-simd-threaded.asyncify.ac1bbd7f.wasm"), O)).toBe(true);
    expect(isEngineRuntime(u("/_next/static/chunks/fbe89ba5.57236605f8e2dad0.js"), O)).toBe(true);
    expect(isEngineRuntime(u("/arena"), O)).toBe(false);
  });
});
