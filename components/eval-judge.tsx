"use client";
/** 3. Choose the judge and the mode, then judge (progress, cancel; judge calls made and left). */
import { useMemo, useState } from "react";
import { EvalProgress } from "@/components/eval-progress";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { buildMatches, callsOf, indexAnswers, matchKey } from "@/lib/eval/pipeline/judge";
import type { Busy } from "@/lib/eval/browser/use-eval";
import { judgmentRowId } from "@/lib/eval/browser/store";
import type { EvalAnswerRow, EvalErrorRow, EvalJudgmentRow, EvalRun } from "@/lib/eval/browser/types";
import { EVAL_MODES, type EvalMode } from "@/lib/eval/types";

interface Props {
  run: EvalRun;
  models: readonly ModelDescriptor[];
  answers: readonly EvalAnswerRow[];
  judgments: readonly EvalJudgmentRow[];
  errors: readonly EvalErrorRow[];
  busy: Busy;
  ready: boolean;
  judge: (judge: string, mode: EvalMode, baseline?: string) => Promise<void>;
  cancel: () => void;
}

export function EvalJudge({ run, models, answers, judgments, errors, busy, ready, judge, cancel }: Props) {
  const [judgeId, setJudgeId] = useState(run.judge ?? "");
  const [mode, setMode] = useState<EvalMode>(run.mode ?? "single");
  const [baseline, setBaseline] = useState(run.baseline ?? run.models[0] ?? "");
  const calls = useMemo(() => {
    if (!judgeId || (mode === "pairwise-baseline" && !baseline)) return undefined;
    const matches = buildMatches(mode, run.questions, run.models, indexAnswers(answers.map((a) => a.answer)), baseline);
    const have = new Set(judgments.map((j) => j.id));
    const total = matches.reduce((n, m) => n + callsOf(m), 0);
    const made = matches
      .filter((m) => have.has(judgmentRowId(run.id, judgeId, matchKey(m))))
      .reduce((n, m) => n + callsOf(m), 0);
    return { total, made };
  }, [run, answers, judgments, judgeId, mode, baseline]);
  const judging = busy?.phase === "judging";
  const judgeErrors = errors.filter((e) => e.stage === "judge");
  const select = `${inputClass} max-w-xs`;

  return (
    <section className="space-y-2 rounded-lg border border-zinc-200 p-3" data-testid="eval-judge">
      <h2 className="font-medium">3. Judge</h2>
      <div className="flex flex-wrap items-end gap-3">
        <Field label="Judge model">
          <select
            className={select}
            value={judgeId}
            onChange={(e) => setJudgeId(e.target.value)}
            disabled={!!busy}
            data-testid="eval-judge-model"
          >
            <option value="">Choose…</option>
            {models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.displayName}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Mode">
          <select
            className={select}
            value={mode}
            onChange={(e) => setMode(e.target.value as EvalMode)}
            disabled={!!busy}
            data-testid="eval-judge-mode"
          >
            {EVAL_MODES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </Field>
        {mode === "pairwise-baseline" && (
          <Field label="Baseline">
            <select
              className={select}
              value={baseline}
              onChange={(e) => setBaseline(e.target.value)}
              disabled={!!busy}
              data-testid="eval-judge-baseline"
            >
              {run.models.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </Field>
        )}
        {judging ? (
          <Button variant="danger" onClick={cancel} data-testid="eval-judge-cancel">
            Cancel
          </Button>
        ) : (
          <Button
            variant="primary"
            disabled={!!busy || !ready || !judgeId || !calls?.total || calls.made >= calls.total}
            onClick={() => void judge(judgeId, mode, mode === "pairwise-baseline" ? baseline : undefined)}
            data-testid="eval-judge-start"
          >
            {calls && calls.made > 0 && calls.made < calls.total ? "Resume judging" : "Judge"}
          </Button>
        )}
        {calls && (
          <span className="text-sm text-zinc-600" data-testid="eval-judge-calls">
            Judge calls: {calls.made} made, {calls.total - calls.made} left
          </span>
        )}
      </div>
      {run.phase === "judging" && !busy && (
        <p className="text-sm text-amber-700">Judging stopped before it finished; resume to judge the rest.</p>
      )}
      {judging && (
        <EvalProgress progress={busy.progress} loading={busy.loading} label="Judging" testId="eval-judge-progress" />
      )}
      {judgeErrors.length > 0 && (
        <ul className="space-y-0.5 text-sm text-red-700" data-testid="eval-judge-errors">
          {judgeErrors.map((e) => (
            <li key={e.id}>
              {e.label}: {e.error.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
