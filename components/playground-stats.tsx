"use client";

import type { RunStats } from "@/lib/playground/run-stats";

const fmt = (n: number | undefined, digits = 1) => (n === undefined ? "—" : n.toFixed(digits));

export function PlaygroundStats({ stats }: { stats: RunStats }) {
  return (
    <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-5" data-testid="playground-stats">
      <div>
        <dt className="text-zinc-500">Finish</dt>
        <dd data-testid="stat-finish">{stats.finishReason ?? "—"}</dd>
      </div>
      <div>
        <dt className="text-zinc-500">Time to first token</dt>
        <dd>
          <span data-testid="stat-ttft">{fmt(stats.ttftMs, 0)}</span> ms
        </dd>
      </div>
      <div>
        <dt className="text-zinc-500">Decode speed</dt>
        <dd>
          <span data-testid="stat-tps">{fmt(stats.tokensPerSec)}</span> tokens/s
        </dd>
      </div>
      <div>
        <dt className="text-zinc-500">Tokens</dt>
        <dd data-testid="stat-tokens">{stats.completionTokens}</dd>
      </div>
      <div>
        <dt className="text-zinc-500">Total</dt>
        <dd>{fmt(stats.totalMs, 0)} ms</dd>
      </div>
    </dl>
  );
}
