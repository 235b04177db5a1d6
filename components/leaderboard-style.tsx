"use client";
import type { StyleResult } from "@/lib/rating/types";

const LABELS: Record<keyof StyleResult["coefficients"], string> = {
  length: "Answer length",
  header: "Headers",
  list: "List items",
  bold: "Bold text",
};

/**
 * The fitted style coefficients: how much each standardised style difference moves the log-odds of
 * winning (positive = voters prefer more of it), with 95% bootstrap intervals.
 */
export function LeaderboardStyle({
  style,
  intervalsPending = false,
}: {
  style: StyleResult;
  intervalsPending?: boolean;
}) {
  const entries = Object.entries(style.coefficients) as Array<
    [keyof StyleResult["coefficients"], StyleResult["coefficients"]["length"]]
  >;
  return (
    <section
      className="space-y-1 rounded border border-zinc-200 p-3 text-sm"
      data-testid="leaderboard-style-coefficients"
    >
      <h2 className="font-medium text-zinc-700">Style coefficients</h2>
      <p className="text-xs text-zinc-500">
        Ratings are controlled for these: the effect of one standard deviation more than the opponent on the log-odds of
        winning.
        {style.skipped > 0 && ` ${style.skipped} battles without style data are not rated in this view.`}
      </p>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1 sm:grid-cols-4">
        {entries.map(([k, c]) => (
          <div key={k} data-testid="style-coefficient" data-feature={k}>
            <dt className="text-xs text-zinc-500">{LABELS[k]}</dt>
            <dd className="tabular-nums">
              <span data-testid="style-coefficient-value">{c.value.toFixed(3)}</span>{" "}
              <span className="text-xs text-zinc-500">
                {intervalsPending ? "[interval computing…]" : `[${c.lower.toFixed(3)}, ${c.upper.toFixed(3)}]`}
              </span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
