/** Cost and speed of a run: tokens in/out and calls per model (and judge), time per question, ETA. */
export interface TokenCount {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  /** Calls whose usage the engine did not report (estimated at 4 characters a token). */
  estimated: number;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
}

export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

export class RunAccounting {
  readonly tokens = new Map<string, TokenCount>();
  readonly questionMs: number[] = [];

  addCall(name: string, usage: Usage | undefined, promptText: string, completionText: string): void {
    const t = this.tokens.get(name) ?? { calls: 0, promptTokens: 0, completionTokens: 0, estimated: 0 };
    t.calls++;
    if (usage) {
      t.promptTokens += usage.prompt_tokens;
      t.completionTokens += usage.completion_tokens;
    } else {
      t.estimated++;
      t.promptTokens += estimateTokens(promptText);
      t.completionTokens += estimateTokens(completionText);
    }
    this.tokens.set(name, t);
  }

  addQuestion(ms: number): void {
    this.questionMs.push(ms);
  }

  meanQuestionMs(): number | undefined {
    return this.questionMs.length ? this.questionMs.reduce((a, b) => a + b, 0) / this.questionMs.length : undefined;
  }

  snapshot(): { tokens: Record<string, TokenCount>; meanQuestionMs?: number } {
    return {
      tokens: Object.fromEntries([...this.tokens].map(([k, v]) => [k, { ...v }])),
      meanQuestionMs: this.meanQuestionMs(),
    };
  }
}

export interface Progress {
  done: number;
  failed: number;
  total: number;
  /** Done before this session (resumed), not counted in the rate. */
  skipped: number;
  elapsedMs: number;
  /** Remaining time from this session's rate; undefined until something finished. */
  etaMs?: number;
}

export function progressOf(
  done: number,
  failed: number,
  total: number,
  skipped: number,
  startedAt: number,
  now = Date.now(),
): Progress {
  const elapsedMs = now - startedAt;
  const fresh = done + failed - skipped;
  const left = total - done - failed;
  const etaMs = fresh > 0 ? (elapsedMs / fresh) * left : undefined;
  return { done, failed, total, skipped, elapsedMs, etaMs };
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "–";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

/** `answers [#######---------] 7/16 done · 1 failed · ETA 1m 05s` for terminals and logs. */
export function progressText(label: string, p: Progress, width = 24): string {
  const frac = p.total ? (p.done + p.failed) / p.total : 1;
  const filled = Math.round(frac * width);
  const failed = p.failed ? ` · ${p.failed} failed` : "";
  return `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${p.done + p.failed}/${p.total} done${failed} · ETA ${formatDuration(p.etaMs)}`;
}
