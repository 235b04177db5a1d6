/** A run's progress: bar, counts, failures and ETA. */
import { ProgressBar } from "@/components/progress-bar";
import { formatDuration, type Progress } from "@/lib/eval/pipeline/accounting";

export function EvalProgress({
  progress,
  label,
  loading,
  testId,
}: {
  progress?: Progress;
  label: string;
  loading?: string;
  testId: string;
}) {
  const fraction = progress?.total ? (progress.done + progress.failed) / progress.total : undefined;
  return (
    <div className="space-y-1" data-testid={testId}>
      <ProgressBar fraction={fraction} label={label} />
      <p className="text-xs text-zinc-600" data-testid={`${testId}-text`}>
        {progress ? (
          <>
            {progress.done + progress.failed}/{progress.total} done
            {progress.failed ? ` · ${progress.failed} failed` : ""} · ETA {formatDuration(progress.etaMs)}
          </>
        ) : (
          "Starting…"
        )}
        {loading ? ` · ${loading}` : ""}
      </p>
    </div>
  );
}
