"use client";
/** 2. Pick the models and generate their answers (progress, cancel, resume after reload). */
import { useMemo, useState } from "react";
import { EvalProgress } from "@/components/eval-progress";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import type { Busy } from "@/lib/eval/browser/use-eval";
import type { EvalAnswerRow, EvalErrorRow, EvalRun } from "@/lib/eval/browser/types";

interface Props {
  run: EvalRun;
  models: readonly ModelDescriptor[];
  answers: readonly EvalAnswerRow[];
  errors: readonly EvalErrorRow[];
  busy: Busy;
  configure: (patch: Partial<Pick<EvalRun, "models" | "maxTokens">>) => Promise<void>;
  generate: () => Promise<void>;
  cancel: () => void;
}

export function EvalGenerate({ run, models, answers, errors, busy, configure, generate, cancel }: Props) {
  const [filter, setFilter] = useState("");
  const shown = useMemo(() => {
    const f = filter.toLowerCase();
    return models
      .filter(
        (m) =>
          run.models.includes(m.id) || !f || m.displayName.toLowerCase().includes(f) || m.id.toLowerCase().includes(f),
      )
      .slice(0, 60);
  }, [models, filter, run.models]);
  const total = run.questions.length * run.models.length;
  const done = answers.filter((a) => run.models.includes(a.answer.model_id)).length;
  const generating = busy?.phase === "generating";
  const toggle = (id: string) =>
    configure({ models: run.models.includes(id) ? run.models.filter((m) => m !== id) : [...run.models, id] });
  const answerErrors = errors.filter((e) => e.stage === "answer");

  return (
    <section className="space-y-2 rounded-lg border border-zinc-200 p-3" data-testid="eval-generate">
      <h2 className="font-medium">2. Answers</h2>
      <Input
        placeholder="Filter models…"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        className="max-w-xs"
        data-testid="eval-model-filter"
      />
      <ul className="max-h-48 space-y-0.5 overflow-y-auto text-sm" data-testid="eval-model-list">
        {shown.map((m) => (
          <li key={m.id}>
            <label className="inline-flex items-center gap-2">
              <input
                type="checkbox"
                checked={run.models.includes(m.id)}
                disabled={!!busy}
                onChange={() => void toggle(m.id)}
                data-testid="eval-model-option"
                data-model={m.id}
              />
              {m.displayName} <span className="text-xs text-zinc-500">{m.id}</span>
            </label>
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap items-end gap-3">
        <div className="w-32">
          <Field label="Max tokens">
            <Input
              type="number"
              min={1}
              max={8192}
              value={run.maxTokens}
              disabled={!!busy}
              onChange={(e) => void configure({ maxTokens: Math.max(1, Number(e.target.value) || 1) })}
              data-testid="eval-max-tokens"
            />
          </Field>
        </div>
        {generating ? (
          <Button variant="danger" onClick={cancel} data-testid="eval-cancel">
            Cancel
          </Button>
        ) : (
          <Button
            variant="primary"
            disabled={!!busy || !run.models.length || done >= total}
            onClick={() => void generate()}
            data-testid="eval-generate-start"
          >
            {done > 0 && done < total ? "Resume answers" : "Generate answers"}
          </Button>
        )}
        <span className="text-sm text-zinc-600" data-testid="eval-answer-count">
          {done}/{total} answered
        </span>
      </div>
      {run.phase === "generating" && !busy && (
        <p className="text-sm text-amber-700" data-testid="eval-resume-hint">
          The last run stopped before it finished (page closed or reloaded). Resume to answer the rest; answers already
          saved are kept.
        </p>
      )}
      {generating && (
        <EvalProgress
          progress={busy.progress}
          loading={busy.loading}
          label="Answer generation"
          testId="eval-generate-progress"
        />
      )}
      {answerErrors.length > 0 && (
        <ul className="space-y-0.5 text-sm text-red-700" data-testid="eval-answer-errors">
          {answerErrors.map((e) => (
            <li key={e.id}>
              {e.label}: {e.error.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
