"use client";
import { useState } from "react";
import { DownloadProgress } from "@/components/download-progress";
import { Button } from "@/components/ui/button";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { JoustError, type SerializedError } from "@/lib/errors";
import { downloadModel, formatBytes, type DownloadProgress as Progress } from "@/lib/models/download";
import { approxBytes, recommendedLocal, runsOn } from "@/lib/models/first-run";
import { useAdapter } from "@/lib/models/use-adapter";
import { useCachedIds } from "@/lib/models/use-cached-ids";

/**
 * The chat's first screen while no model is chosen: remote models first (they answer at once), then a
 * few in-browser models this device can run, smallest first, each downloadable in one click.
 */
export function FirstRunChooser({
  models,
  loading,
  onPick,
}: {
  models: ModelDescriptor[];
  loading: boolean;
  onPick: (id: string) => void;
}) {
  const adapter = useAdapter();
  const facts = adapter.status === "ready" ? adapter.adapter : null;
  const { cachedIds, refresh } = useCachedIds(models);
  const remote = models.filter((m) => m.backend === "remote" && m.available !== false);
  const local = adapter.status === "ready" && cachedIds ? recommendedLocal(models, facts, cachedIds) : undefined;

  return (
    <section data-testid="first-run" className="mx-auto flex w-full max-w-2xl flex-col gap-5 p-6 text-sm">
      <div className="text-center">
        <p className="text-lg font-medium text-zinc-800">Choose a model to start</p>
        <p className="text-zinc-500">You can change it at any time in the header.</p>
      </div>
      {loading && <p className="text-center text-zinc-500">Loading the model list…</p>}
      {remote.length > 0 && (
        <div className="flex flex-col gap-2">
          <h2 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">
            On the server · answers at once
          </h2>
          <ul className="flex flex-col divide-y divide-zinc-200 rounded-lg border border-zinc-200">
            {remote.map((m) => (
              <li
                key={m.id}
                className="flex items-center gap-3 px-3 py-2"
                data-testid="first-run-remote"
                data-model-id={m.id}
              >
                <span className="font-medium">{m.displayName}</span>
                <span className="text-xs text-zinc-500">
                  {[m.provider, m.contextWindow ? `${Math.round(m.contextWindow / 1024)}K context` : ""]
                    .filter(Boolean)
                    .join(" · ")}
                </span>
                <Button
                  size="sm"
                  variant="primary"
                  className="ml-auto"
                  data-testid="first-run-pick"
                  onClick={() => onPick(m.id)}
                >
                  Chat
                </Button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="flex flex-col gap-2">
        <h2 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">
          In your browser · private, works offline once downloaded
        </h2>
        {!local ? (
          <p className="text-zinc-500">Checking what this device can run…</p>
        ) : local.length === 0 ? (
          <p className="text-zinc-500">No recommended in-browser model can run on this device.</p>
        ) : (
          <ul className="flex flex-col divide-y divide-zinc-200 rounded-lg border border-zinc-200">
            {local.map((m) => (
              <LocalChoice
                key={m.id}
                model={m}
                runsOn={runsOn(m, facts)}
                cached={cachedIds!.has(m.id)}
                onReady={() => (refresh(), onPick(m.id))}
              />
            ))}
          </ul>
        )}
        <a href="/models" className="text-xs text-zinc-500 underline">
          All models, custom URLs and storage on the Models page
        </a>
      </div>
    </section>
  );
}

type State =
  | { kind: "idle" }
  | { kind: "downloading"; progress?: Progress }
  | { kind: "error"; error: SerializedError };

function LocalChoice({
  model,
  runsOn,
  cached,
  onReady,
}: {
  model: ModelDescriptor;
  runsOn: string;
  cached: boolean;
  onReady: () => void;
}) {
  const [state, setState] = useState<State>({ kind: "idle" });
  async function download() {
    setState({ kind: "downloading" });
    try {
      await downloadModel(model, (progress) => setState({ kind: "downloading", progress }));
      setState({ kind: "idle" });
      onReady();
    } catch (err) {
      setState({ kind: "error", error: JoustError.from(err, "internal:download").toJSON() });
    }
  }
  return (
    <li
      className="flex flex-col gap-1 px-3 py-2"
      data-testid="first-run-local"
      data-model-id={model.id}
      data-cached={cached ? "true" : "false"}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="font-medium">{model.displayName}</span>
        <span className="text-xs text-zinc-500">
          {formatBytes(approxBytes(model))} · {runsOn}
          {model.contextWindow ? ` · ${Math.round(model.contextWindow / 1024)}K context` : ""}
        </span>
        {cached && <span className="rounded bg-green-100 px-1.5 text-xs text-green-800">Ready</span>}
        <Button
          size="sm"
          variant={cached ? "primary" : "secondary"}
          className="ml-auto"
          data-testid="first-run-pick"
          disabled={state.kind === "downloading"}
          onClick={() => (cached ? onReady() : void download())}
        >
          {cached ? "Chat" : state.kind === "downloading" ? "Downloading…" : "Download and chat"}
        </Button>
      </div>
      {state.kind === "downloading" && (
        <DownloadProgress name={model.displayName} progress={state.progress} testId="first-run-progress" />
      )}
      {state.kind === "error" && (
        <p role="alert" data-testid="first-run-error" data-code={state.error.code} className="text-xs text-red-700">
          {state.error.message}{" "}
          <button type="button" className="underline" onClick={() => void download()}>
            Retry
          </button>
        </p>
      )}
    </li>
  );
}
