"use client";
/** The /eval page: questions → answers → judge → results, QA browser and files. State lives in Dexie. */
import { EvalFiles } from "@/components/eval-files";
import { EvalGenerate } from "@/components/eval-generate";
import { EvalJudge } from "@/components/eval-judge";
import { EvalQaBrowser } from "@/components/eval-qa-browser";
import { EvalQuestionSource } from "@/components/eval-question-source";
import { EvalResults } from "@/components/eval-results";
import { useModelCatalog } from "@/lib/models/use-model-catalog";
import { useEval } from "@/lib/eval/browser/use-eval";

export function EvalView() {
  const catalog = useModelCatalog();
  const ev = useEval(catalog.models);
  const { run } = ev;
  return (
    <div
      className="space-y-4"
      data-testid="eval-view"
      data-ready={run !== undefined && ev.loaded && !catalog.loading && ev.prompts ? "true" : "false"}
    >
      {ev.error && (
        <p role="alert" className="rounded bg-red-50 p-2 text-sm text-red-700" data-testid="eval-error">
          {ev.error.message}
        </p>
      )}
      <EvalQuestionSource
        run={run ?? null}
        runs={ev.runs}
        onLoad={ev.startRun}
        onOpen={ev.openRun}
        onDelete={ev.removeRun}
        busy={!!ev.busy}
      />
      {run && (
        <>
          <EvalGenerate
            run={run}
            models={catalog.models}
            answers={ev.answers}
            errors={ev.errors}
            busy={ev.busy}
            configure={ev.configure}
            generate={ev.generate}
            cancel={ev.cancel}
          />
          <EvalJudge
            key={run.id}
            run={run}
            models={catalog.models}
            answers={ev.answers}
            judgments={ev.judgments}
            errors={ev.errors}
            busy={ev.busy}
            ready={!!ev.prompts}
            judge={ev.judge}
            cancel={ev.cancel}
          />
          <EvalResults run={run} judgments={ev.judgments} />
          <EvalQaBrowser key={`qa-${run.id}`} run={run} answers={ev.answers} judgments={ev.judgments} />
          <EvalFiles run={run} answers={ev.answers} judgments={ev.judgments} importPrompts={ev.importPrompts} />
        </>
      )}
    </div>
  );
}
