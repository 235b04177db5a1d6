/** A determinate (fraction known) or indeterminate progress bar. */
export function ProgressBar({ fraction, label, testId }: { fraction?: number; label?: string; testId?: string }) {
  const pct = fraction === undefined ? undefined : Math.round(fraction * 100);
  return (
    <div className="w-full" data-testid={testId}>
      <div
        role="progressbar"
        aria-label={label ?? "Progress"}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        className="h-2 w-full overflow-hidden rounded bg-zinc-200"
      >
        <div
          className={`h-full bg-blue-600 transition-[width] ${pct === undefined ? "w-1/3 animate-pulse" : ""}`}
          style={pct === undefined ? undefined : { width: `${pct}%` }}
        />
      </div>
    </div>
  );
}
