"use client";
/** 5. QA browser: a question, its reference, two models' answers and the judge's text side by side. */
import { useState } from "react";
import { inputClass } from "@/components/ui/field";
import type { EvalAnswerRow, EvalJudgmentRow, EvalRun } from "@/lib/eval/browser/types";
import type { PairJudgment, SingleJudgment } from "@/lib/eval/types";

export function EvalQaBrowser({
  run,
  answers,
  judgments,
}: {
  run: EvalRun;
  answers: readonly EvalAnswerRow[];
  judgments: readonly EvalJudgmentRow[];
}) {
  const models = [...new Set([...run.models, ...answers.map((a) => a.answer.model_id)])];
  const [qi, setQi] = useState(0);
  const [left, setLeft] = useState(models[0] ?? "");
  const [right, setRight] = useState(models[1] ?? models[0] ?? "");
  const q = run.questions[Math.min(qi, run.questions.length - 1)];
  if (!q) return null;
  const answerOf = (m: string) =>
    answers.find((a) => a.answer.model_id === m && String(a.answer.question_id) === String(q.question_id))?.answer
      .choices[0]?.turns;
  const sameQ = (j: EvalJudgmentRow["judgment"]) => String(j.question_id) === String(q.question_id);
  const singleOf = (m: string) =>
    judgments
      .filter((r) => r.kind === "single" && sameQ(r.judgment) && (r.judgment as SingleJudgment).model === m)
      .map((r) => r.judgment as SingleJudgment);
  const pairs = judgments
    .filter((r) => r.kind === "pairwise" && sameQ(r.judgment))
    .map((r) => r.judgment as PairJudgment)
    .filter((p) => [p.model_1, p.model_2].includes(left) && [p.model_1, p.model_2].includes(right));
  const sel = `${inputClass} max-w-xs`;

  const column = (m: string) => (
    <div className="min-w-0 flex-1 space-y-2" data-testid="eval-qa-column" data-model={m}>
      <select className={sel} value={m} onChange={(e) => (m === left ? setLeft : setRight)(e.target.value)}>
        {models.map((x) => (
          <option key={x} value={x}>
            {x}
          </option>
        ))}
      </select>
      {q.turns.map((t, i) => (
        <div key={t} className="rounded bg-zinc-50 p-2 text-sm">
          <div className="text-xs text-zinc-500">Turn {i + 1}</div>
          <p className="whitespace-pre-wrap" data-testid="eval-qa-answer">
            {answerOf(m)?.[i] ?? "—"}
          </p>
        </div>
      ))}
      {singleOf(m).map((j) => (
        <div key={j.turn} className="rounded border border-zinc-200 p-2 text-sm" data-testid="eval-qa-judgment">
          <div className="text-xs text-zinc-500">
            Judge, turn {j.turn}: score {j.score === -1 ? "unparsed (−1)" : j.score}
          </div>
          <p className="whitespace-pre-wrap">{j.judgment}</p>
        </div>
      ))}
    </div>
  );

  return (
    <section className="space-y-2 rounded-lg border border-zinc-200 p-3" data-testid="eval-qa">
      <h2 className="font-medium">5. Questions and answers</h2>
      <select className={sel} value={qi} onChange={(e) => setQi(Number(e.target.value))} data-testid="eval-qa-question">
        {run.questions.map((x, i) => (
          <option key={String(x.question_id)} value={i}>
            #{String(x.question_id)} · {x.category} · {x.turns[0].slice(0, 60)}
          </option>
        ))}
      </select>
      <div className="space-y-1 text-sm">
        {q.turns.map((t, i) => (
          <p key={t}>
            <span className="font-medium">Turn {i + 1}:</span> {t}
          </p>
        ))}
        {q.reference?.map((r, i) => (
          <p key={`r:${r}`} className="text-zinc-600" data-testid="eval-qa-reference">
            <span className="font-medium">Reference {i + 1}:</span> {r}
          </p>
        ))}
      </div>
      <div className="flex flex-col gap-3 md:flex-row">
        {column(left)}
        {column(right)}
      </div>
      {pairs.map((p) => (
        <div
          key={`${p.model_1}-${p.model_2}-${p.turn}`}
          className="grid gap-2 text-sm md:grid-cols-2"
          data-testid="eval-qa-pair"
        >
          {(["g1", "g2"] as const).map((g) => (
            <div key={g} className="rounded border border-zinc-200 p-2">
              <div className="text-xs text-zinc-500">
                Turn {p.turn}, {g === "g1" ? `A = ${p.model_1}` : `A = ${p.model_2} (swapped)`}: winner{" "}
                {p[`${g}_winner`]}
              </div>
              <p className="whitespace-pre-wrap">{p[`${g}_judgment`]}</p>
            </div>
          ))}
        </div>
      ))}
    </section>
  );
}
