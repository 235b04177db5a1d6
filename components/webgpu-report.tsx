"use client";
import type { AdapterState } from "@/lib/models/use-adapter";

const LIMITS = [
  "maxBufferSize",
  "maxStorageBufferBindingSize",
  "maxComputeWorkgroupStorageSize",
  "maxComputeInvocationsPerWorkgroup",
] as const;

/** What this browser's WebGPU adapter offers, or why in-browser GPU models cannot run. */
export function WebGPUReport({ state }: { state: AdapterState }) {
  if (state.status === "probing") {
    return (
      <section data-testid="webgpu-report" data-status="probing" className="rounded border p-3 text-sm">
        Checking WebGPU…
      </section>
    );
  }
  const a = state.adapter;
  if (!a) {
    return (
      <section
        data-testid="webgpu-report"
        data-status="unavailable"
        className="rounded border border-amber-300 bg-amber-50 p-3 text-sm"
      >
        <h2 className="font-semibold">WebGPU</h2>
        <p data-testid="webgpu-unavailable">
          WebGPU unavailable — in-browser models will use WASM (transformers.js) only.
          {state.hasGpuApi ? " (The browser exposes navigator.gpu but returned no adapter.)" : ""}
        </p>
      </section>
    );
  }
  const f16 = a.features.includes("shader-f16");
  return (
    <section data-testid="webgpu-report" data-status="available" className="rounded border p-3 text-sm">
      <h2 className="font-semibold">WebGPU adapter</h2>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        <dt>Vendor</dt>
        <dd data-testid="webgpu-vendor">{a.vendor || "unknown"}</dd>
        <dt>Architecture</dt>
        <dd data-testid="webgpu-architecture">{a.architecture || "unknown"}</dd>
        <dt>Fallback (software) adapter</dt>
        <dd data-testid="webgpu-fallback">{a.isFallbackAdapter ? "yes" : "no"}</dd>
        <dt>shader-f16</dt>
        <dd data-testid="webgpu-f16">{f16 ? "supported" : "not supported (q*f16 web-llm models cannot run)"}</dd>
        {LIMITS.map((k) => (
          <div key={k} className="contents">
            <dt className="font-mono text-xs">{k}</dt>
            <dd data-testid={`webgpu-limit-${k}`} className="font-mono text-xs">
              {a.limits[k]?.toLocaleString("en-US") ?? "—"}
            </dd>
          </div>
        ))}
      </dl>
      <details className="mt-2">
        <summary className="cursor-pointer text-zinc-600">Features ({a.features.length})</summary>
        <p className="font-mono text-xs">{a.features.join(", ") || "none"}</p>
      </details>
    </section>
  );
}
