/** Probe the page's WebGPU adapter once (the worker probes its own before loading). */
import { useEffect, useState } from "react";
import { probeAdapter, type AdapterFacts } from "@/lib/engines/webllm/compat";

export type AdapterState =
  | { status: "probing" }
  | { status: "ready"; adapter: AdapterFacts | null; hasGpuApi: boolean };

export function useAdapter(): AdapterState {
  const [state, setState] = useState<AdapterState>({ status: "probing" });
  useEffect(() => {
    let live = true;
    void probeAdapter().then((adapter) => {
      if (live)
        setState({ status: "ready", adapter, hasGpuApi: typeof navigator !== "undefined" && "gpu" in navigator });
    });
    return () => {
      live = false;
    };
  }, []);
  return state;
}
