"use client";
/** 6. Files: export/import answers and judgments in FastChat's formats; import judge prompts. */
import { useState } from "react";
import { downloadText } from "@/lib/browser/download-text";
import { Button } from "@/components/ui/button";
import { db } from "@/lib/db/db";
import { exportAnswers, exportJudgments, importAnswers, importJudgments } from "@/lib/eval/browser/transfer";
import type { EvalAnswerRow, EvalJudgmentRow, EvalRun } from "@/lib/eval/browser/types";
import { JoustError } from "@/lib/errors";

interface Props {
  run: EvalRun;
  answers: readonly EvalAnswerRow[];
  judgments: readonly EvalJudgmentRow[];
  importPrompts: (text: string, file: string) => Promise<void>;
}

function FilePick({
  label,
  testId,
  onFile,
}: {
  label: string;
  testId: string;
  onFile: (text: string, name: string) => Promise<void>;
}) {
  return (
    <label className="inline-flex cursor-pointer items-center rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-50">
      {label}
      <input
        type="file"
        accept=".jsonl,.json,text/plain"
        className="sr-only"
        data-testid={testId}
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = "";
          if (f) void f.text().then((t) => onFile(t, f.name));
        }}
      />
    </label>
  );
}

export function EvalFiles({ run, answers, judgments, importPrompts }: Props) {
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const guarded = (fn: (text: string, name: string) => Promise<string>) => async (text: string, name: string) => {
    try {
      setMessage({ ok: true, text: await fn(text, name) });
    } catch (e) {
      setMessage({ ok: false, text: JoustError.from(e, "bad_request:import").message });
    }
  };
  const saveAll = (files: Map<string, string>) => {
    for (const [name, text] of files) downloadText(name, text, "application/jsonl");
  };
  return (
    <section className="space-y-2 rounded-lg border border-zinc-200 p-3" data-testid="eval-files">
      <h2 className="font-medium">6. Files (FastChat llm_judge formats)</h2>
      <div className="flex flex-wrap gap-2">
        <Button
          disabled={!answers.length}
          onClick={() => saveAll(exportAnswers(answers))}
          data-testid="eval-export-answers"
        >
          Export answers (model_answer/*.jsonl)
        </Button>
        <Button
          disabled={!judgments.length}
          onClick={() => saveAll(exportJudgments(judgments))}
          data-testid="eval-export-judgments"
        >
          Export judgments (*_single / *_pair.jsonl)
        </Button>
        <FilePick
          label="Import answers"
          testId="eval-import-answers"
          onFile={guarded(async (t, n) => `Imported ${await importAnswers(db, run, t, n)} answers from ${n}.`)}
        />
        <FilePick
          label="Import judgments"
          testId="eval-import-judgments"
          onFile={guarded(async (t, n) => `Imported ${await importJudgments(db, run, t, n)} judgments from ${n}.`)}
        />
        <FilePick
          label="Import judge prompts"
          testId="eval-import-prompts"
          onFile={guarded(async (t, n) => (await importPrompts(t, n), `Judge prompts from ${n} in use.`))}
        />
      </div>
      {message && (
        <p
          role={message.ok ? "status" : "alert"}
          className={`text-sm ${message.ok ? "text-zinc-600" : "text-red-700"}`}
          data-testid="eval-files-message"
        >
          {message.text}
        </p>
      )}
    </section>
  );
}
