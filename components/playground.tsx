"use client";

import { useEffect, useRef, useState } from "react";
import { frameThrottle } from "@/lib/playground/frame-throttle";
import { DEFAULT_PARAMS, buildPlaygroundRequest, onWasm, withBaseUrl } from "@/lib/playground/params";
import { loadEngine } from "@/lib/engines/registry";
import { runWithStats, type RunStats } from "@/lib/playground/run-stats";
import type { ChatEngine, LoadProgress } from "@/lib/engines/types";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { useModelCatalog } from "@/lib/models/use-model-catalog";
import { JoustError } from "@/lib/errors";
import { ModelPicker } from "./model-picker";
import { PlaygroundParamsForm } from "./playground-params";
import { PlaygroundStats } from "./playground-stats";

type LoadState =
  | { kind: "idle" }
  | { kind: "loading"; progress?: LoadProgress }
  | { kind: "ready"; engine: ChatEngine }
  | { kind: "error"; error: JoustError };

export function Playground() {
  const catalog = useModelCatalog();
  const models = catalog.models.filter((m) => m.backend !== "remote");
  const [modelId, setModelId] = useState("");
  const [baseUrl, setBaseUrl] = useState("");
  const [load, setLoad] = useState<LoadState>({ kind: "idle" });
  const [params, setParams] = useState(DEFAULT_PARAMS);
  const [prompt, setPrompt] = useState("Tell me a story about the river.");
  const [output, setOutput] = useState("");
  const [stats, setStats] = useState<RunStats | null>(null);
  const [runError, setRunError] = useState<JoustError | null>(null);
  const [running, setRunning] = useState(false);
  const abortRef = useRef<AbortController | null>(null);

  // The first in-browser model of the catalog (the tiny test model when tests turn it on) until one is picked.
  // Wait for the whole catalog: the server's answer decides whether the test fixtures are listed.
  const first = catalog.loading ? undefined : models[0];
  useEffect(() => {
    if (modelId || !first) return;
    setModelId(first.id);
    setBaseUrl(first.url ?? "");
  }, [first, modelId]);
  const model = models.find((m) => m.id === modelId);

  async function startLoad(descriptor: ModelDescriptor) {
    setLoad({ kind: "loading" });
    try {
      const engine = await loadEngine(descriptor, (progress) => setLoad({ kind: "loading", progress }));
      setLoad({ kind: "ready", engine });
    } catch (err) {
      setLoad({ kind: "error", error: JoustError.from(err, "internal:model") });
    }
  }

  async function generate() {
    if (load.kind !== "ready") return;
    const ac = new AbortController();
    abortRef.current = ac;
    setRunning(true);
    setOutput("");
    setStats(null);
    setRunError(null);
    // Re-render the output at most once per animation frame, not once per token.
    const text = frameThrottle(setOutput);
    try {
      const result = await runWithStats(load.engine, buildPlaygroundRequest(prompt, params), {
        signal: ac.signal,
        onText: text.push,
      });
      text.cancel();
      setOutput(result.text);
      setStats(result);
    } catch (err) {
      text.flush();
      setRunError(JoustError.from(err));
    } finally {
      setRunning(false);
      abortRef.current = null;
    }
  }

  const descriptor = model ? withBaseUrl(model, baseUrl) : undefined;
  const pct =
    load.kind === "loading" && load.progress?.progress !== undefined
      ? Math.round(load.progress.progress * 100)
      : undefined;
  return (
    <div className="flex flex-col gap-4">
      <section className="flex flex-wrap items-end gap-3 text-sm">
        <div className="flex flex-col gap-1">
          <span className="text-zinc-600">Model</span>
          <ModelPicker
            testId="playground-model"
            models={models}
            value={modelId || null}
            onChange={(id) => {
              setModelId(id);
              setBaseUrl(models.find((m) => m.id === id)?.url ?? "");
              setLoad({ kind: "idle" });
            }}
          />
        </div>
        {model?.backend === "transformers" && (
          <label className="flex min-w-64 flex-1 flex-col gap-1">
            <span className="text-zinc-600">Weights base URL (empty: Hugging Face)</span>
            <input
              className="rounded border border-zinc-300 px-2 py-1"
              data-testid="playground-base-url"
              value={baseUrl}
              onChange={(e) => setBaseUrl(e.target.value)}
            />
          </label>
        )}
        <button
          type="button"
          className="rounded bg-zinc-900 px-3 py-1.5 text-white disabled:opacity-50"
          data-testid="playground-load"
          disabled={!descriptor || load.kind === "loading"}
          onClick={() => descriptor && void startLoad(descriptor)}
        >
          {load.kind === "error" ? "Retry" : "Load"}
        </button>
      </section>

      {load.kind === "loading" && (
        <div data-testid="playground-progress" className="flex flex-col gap-1 text-xs text-zinc-600">
          <progress className="w-full" max={100} value={pct} />
          <span>
            {load.progress?.text ?? "Starting…"}
            {pct !== undefined ? ` (${pct}%)` : ""}
          </span>
        </div>
      )}
      {load.kind === "error" && (
        <div
          role="alert"
          data-testid="playground-load-error"
          data-code={load.error.code}
          className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-800"
        >
          {load.error.message}
          {load.error.code === "unsupported:webgpu" && descriptor && (
            <button
              type="button"
              className="ml-2 underline"
              data-testid="playground-retry-wasm"
              onClick={() => void startLoad(onWasm(descriptor))}
            >
              Retry on WASM
            </button>
          )}
        </div>
      )}
      {load.kind === "ready" && (
        <p className="text-sm text-zinc-700" data-testid="playground-ready">
          Loaded <b>{load.engine.modelId}</b> · backend{" "}
          <span data-testid="playground-backend">{load.engine.capabilities.backend}</span> · device{" "}
          <span data-testid="playground-device">{load.engine.capabilities.device}</span>
          {load.engine.capabilities.contextWindow ? ` · context ${load.engine.capabilities.contextWindow} tokens` : ""}
        </p>
      )}

      <PlaygroundParamsForm value={params} onChange={setParams} />
      <textarea
        className="min-h-24 rounded border border-zinc-300 p-2 text-sm"
        data-testid="playground-prompt"
        value={prompt}
        onChange={(e) => setPrompt(e.target.value)}
      />
      <div className="flex gap-2">
        <button
          type="button"
          className="rounded bg-zinc-900 px-3 py-1.5 text-sm text-white disabled:opacity-50"
          data-testid="playground-generate"
          disabled={load.kind !== "ready" || running}
          onClick={() => void generate()}
        >
          Generate
        </button>
        <button
          type="button"
          className="rounded border border-zinc-300 px-3 py-1.5 text-sm disabled:opacity-50"
          data-testid="playground-stop"
          disabled={!running}
          onClick={() => abortRef.current?.abort()}
        >
          Stop
        </button>
      </div>
      <pre
        className="min-h-24 whitespace-pre-wrap rounded border border-zinc-200 bg-zinc-50 p-2 text-sm"
        data-testid="playground-output"
        data-running={running ? "1" : "0"}
      >
        {output}
      </pre>
      {runError && (
        <div
          role="alert"
          data-testid="playground-run-error"
          data-code={runError.code}
          className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-800"
        >
          {runError.message}
        </div>
      )}
      {stats && <PlaygroundStats stats={stats} />}
    </div>
  );
}
