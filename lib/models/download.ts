/**
 * "Download" on the Models page = load the model through the engine registry (so the files land in
 * the engine's own cache, exactly as a chat would fetch them), then release it unless something else
 * was already using it. A failed or partial download leaves no poisoned cache behind.
 */
import { loadedModelIds, loadEngine, unloadEngine } from "@/lib/engines/registry";
import type { LoadProgress } from "@/lib/engines/types";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { JoustError } from "@/lib/errors";
import { deleteModelCache } from "./cache";

export interface DownloadProgress {
  /** 0..1 when known. */
  fraction?: number;
  loadedBytes?: number;
  totalBytes?: number;
  bytesPerSecond?: number;
  etaSeconds?: number;
  text: string;
}

/** Turns engine LoadProgress reports into bytes, %, rate and ETA. Pure apart from the injected clock. */
export class ProgressTracker {
  private start?: { t: number; bytes: number };

  constructor(
    private readonly sizeHint?: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  update(p: LoadProgress): DownloadProgress {
    const totalBytes = p.totalBytes ?? this.sizeHint;
    const fraction = p.progress ?? (p.loadedBytes !== undefined && totalBytes ? p.loadedBytes / totalBytes : undefined);
    const loadedBytes =
      p.loadedBytes ?? (fraction !== undefined && totalBytes ? Math.round(fraction * totalBytes) : undefined);
    const out: DownloadProgress = {
      text: p.text,
      fraction: fraction === undefined ? undefined : clamp01(fraction),
      loadedBytes,
      totalBytes,
    };
    if (loadedBytes === undefined) return out;
    const t = this.now();
    if (!this.start) {
      this.start = { t, bytes: loadedBytes };
      return out;
    }
    const seconds = (t - this.start.t) / 1000;
    if (seconds <= 0) return out;
    const rate = (loadedBytes - this.start.bytes) / seconds;
    if (rate > 0) {
      out.bytesPerSecond = rate;
      if (totalBytes) out.etaSeconds = Math.max(0, (totalBytes - loadedBytes) / rate);
    }
    return out;
  }
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** Load then release; on failure delete the model's cache entries and rethrow a typed error. */
export async function downloadModel(model: ModelDescriptor, onProgress: (p: DownloadProgress) => void): Promise<void> {
  const wasLoaded = loadedModelIds().includes(model.id);
  const tracker = new ProgressTracker(model.sizeBytes);
  try {
    await loadEngine(model, (p) => onProgress(tracker.update(p)));
  } catch (err) {
    await deleteModelCache(model).catch(() => 0);
    throw JoustError.from(err, "internal:download");
  }
  if (!wasLoaded) await unloadEngine(model.id);
}

export function formatBytes(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return "—";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i += 1;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return "—";
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m} min ${Math.round(seconds % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
