"use client";
import { useState } from "react";
import { DownloadProgress } from "@/components/download-progress";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { JoustError, type SerializedError } from "@/lib/errors";
import type { CacheInfo } from "@/lib/models/cache";
import { deleteModelCache } from "@/lib/models/cache";
import { downloadModel, formatBytes, type DownloadProgress as Progress } from "@/lib/models/download";
import type { Runnable } from "@/lib/models/runnable";

type RowState =
  | { kind: "idle" }
  | { kind: "downloading"; progress?: Progress }
  | { kind: "error"; error: SerializedError };

interface Props {
  model: ModelDescriptor;
  runnable: Runnable;
  cache?: CacheInfo;
  onCacheChanged: () => void;
  onRemove?: () => void;
}

/** One catalog model: what it is, whether it can run here, its cache, and download/delete. */
export function ModelsRow({ model, runnable, cache, onCacheChanged, onRemove }: Props) {
  const [state, setState] = useState<RowState>({ kind: "idle" });
  const downloadable = model.backend === "webllm" || model.backend === "transformers";

  async function download() {
    setState({ kind: "downloading" });
    try {
      await downloadModel(model, (progress) => setState({ kind: "downloading", progress }));
      setState({ kind: "idle" });
    } catch (err) {
      setState({ kind: "error", error: JoustError.from(err, "internal:download").toJSON() });
    } finally {
      onCacheChanged();
    }
  }

  async function remove() {
    await deleteModelCache(model);
    onCacheChanged();
  }

  const p = state.kind === "downloading" ? state.progress : undefined;
  return (
    <li
      data-testid="model-row"
      data-model-id={model.id}
      className="flex flex-col gap-1 border-b py-2 text-sm last:border-b-0"
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="font-medium">{model.displayName}</span>
        <span className="rounded bg-zinc-100 px-1.5 text-xs">{model.backend}</span>
        {model.provider && <span className="text-xs text-zinc-500">{model.provider}</span>}
        <span className="text-xs text-zinc-500">{facts(model)}</span>
        <span
          data-testid="model-runnable"
          data-ok={runnable.ok ? "true" : "false"}
          className={`text-xs ${runnable.ok ? "text-green-700" : "text-amber-700"}`}
        >
          {runnable.ok
            ? `Can run here${runnable.note ? ` (${runnable.note})` : ""}`
            : `Cannot run here: ${runnable.error.message}`}
        </span>
        {downloadable && (
          <span
            data-testid="model-cached"
            data-cached={cache?.cached ? "true" : "false"}
            className="text-xs text-zinc-600"
          >
            {cache?.cached ? `Cached · ${formatBytes(cache.bytes)}` : "Not cached"}
          </span>
        )}
        <span className="ml-auto flex gap-2">
          {downloadable && (
            <button
              type="button"
              data-testid="model-download"
              disabled={state.kind === "downloading"}
              onClick={() => void download()}
              className="rounded border px-2 py-0.5 hover:bg-zinc-50 disabled:opacity-50"
            >
              {state.kind === "downloading" ? "Downloading…" : cache?.cached ? "Re-check" : "Download"}
            </button>
          )}
          {downloadable && cache?.cached && (
            <button
              type="button"
              data-testid="model-delete"
              onClick={() => void remove()}
              className="rounded border px-2 py-0.5 hover:bg-zinc-50"
            >
              Delete
            </button>
          )}
          {onRemove && (
            <button
              type="button"
              data-testid="model-remove-custom"
              onClick={onRemove}
              className="rounded border px-2 py-0.5 text-red-700 hover:bg-red-50"
            >
              Remove
            </button>
          )}
        </span>
      </div>
      {state.kind === "downloading" && (
        <DownloadProgress name={model.displayName} progress={p} testId="model-progress" />
      )}
      {state.kind === "error" && (
        <div role="alert" className="flex items-center gap-2 text-xs text-red-700">
          <span data-testid="model-error" data-code={state.error.code}>
            {state.error.message}
          </span>
          <button
            type="button"
            data-testid="model-retry"
            onClick={() => void download()}
            className="rounded border border-red-300 px-2 py-0.5 hover:bg-red-50"
          >
            Retry
          </button>
        </div>
      )}
    </li>
  );
}

function facts(m: ModelDescriptor): string {
  const parts: string[] = [];
  if (m.sizeBytes) parts.push(`~${formatBytes(m.sizeBytes)}`);
  if (m.vramMB) parts.push(`VRAM ~${m.vramMB} MB`);
  if (m.backend === "webllm") parts.push(m.requiresF16 ? "f16" : "f32");
  if (m.contextWindow) parts.push(`ctx ${m.contextWindow.toLocaleString("en-US")}`);
  if (m.url && m.id.startsWith("custom:")) parts.push(m.url);
  return parts.join(" · ");
}
