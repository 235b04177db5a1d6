import { ProgressBar } from "@/components/progress-bar";
import { formatBytes, formatEta, type DownloadProgress as Progress } from "@/lib/models/download";

/** A model download's bar and "42% · 58 MB of 138 MB · 3.1 MB/s · ETA 26 s" line. */
export function DownloadProgress({ name, progress: p, testId }: { name: string; progress?: Progress; testId: string }) {
  return (
    <div data-testid={testId} className="flex flex-col gap-1">
      <ProgressBar fraction={p?.fraction} label={`Downloading ${name}`} />
      <span data-testid={`${testId}-text`} className="text-xs text-zinc-600">
        {p?.fraction !== undefined ? `${Math.round(p.fraction * 100)}%` : "…"}
        {p?.loadedBytes !== undefined
          ? ` · ${formatBytes(p.loadedBytes)}${p.totalBytes ? ` of ${formatBytes(p.totalBytes)}` : ""}`
          : ""}
        {p?.bytesPerSecond ? ` · ${formatBytes(p.bytesPerSecond)}/s · ETA ${formatEta(p.etaSeconds)}` : ""}
        {p?.text ? ` · ${p.text}` : ""}
      </span>
    </div>
  );
}
