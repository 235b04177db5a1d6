"use client";
/** Load a question set (FastChat question.jsonl): the starter set, a file, or a URL. Bad lines are named. */
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, inputClass } from "@/components/ui/field";
import { parseQuestions } from "@/lib/eval/questions";
import type { EvalRun } from "@/lib/eval/browser/types";
import type { Question } from "@/lib/eval/types";
import { JoustError, type SerializedError } from "@/lib/errors";

export const STARTER_URL = "/eval/starter-questions.jsonl";

interface Props {
  run: EvalRun | null;
  runs: readonly EvalRun[];
  onLoad: (qs: Question[], source: string) => Promise<void>;
  onOpen: (id: string) => Promise<void>;
  onDelete: (id: string) => Promise<void>;
  busy: boolean;
}

export function EvalQuestionSource({ run, runs, onLoad, onOpen, onDelete, busy }: Props) {
  const [url, setUrl] = useState("");
  const [error, setError] = useState<SerializedError>();

  const load = async (text: () => Promise<string>, source: string) => {
    setError(undefined);
    try {
      await onLoad(parseQuestions(await text(), source), source);
    } catch (e) {
      setError(JoustError.from(e, "bad_request:import").toJSON());
    }
  };
  const fetchText = (u: string) => async () => {
    const res = await fetch(u).catch(() => {
      throw new JoustError("offline:import", `Could not fetch ${u}.`);
    });
    if (!res.ok) throw new JoustError("not_found:import", `Fetching ${u} failed with HTTP ${res.status}.`);
    return res.text();
  };
  const categories = run ? [...new Set(run.questions.map((q) => q.category))] : [];

  return (
    <section className="space-y-2 rounded-lg border border-zinc-200 p-3" data-testid="eval-questions">
      <h2 className="font-medium">1. Questions</h2>
      {run && (
        <p className="text-sm text-zinc-600" data-testid="eval-question-summary">
          {run.questions.length} questions from {run.source} ({categories.join(", ")})
        </p>
      )}
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Button onClick={() => load(fetchText(STARTER_URL), "starter set")} data-testid="eval-load-starter">
          Use the starter set
        </Button>
        <label className="inline-flex cursor-pointer items-center gap-1 rounded-md border border-zinc-300 px-3 py-1.5 hover:bg-zinc-50">
          Upload question.jsonl
          <input
            type="file"
            accept=".jsonl,.json,application/jsonl,text/plain"
            className="sr-only"
            data-testid="eval-questions-file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = "";
              if (f) void load(() => f.text(), f.name);
            }}
          />
        </label>
        <Input
          className="max-w-xs"
          placeholder="https://…/question.jsonl"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          data-testid="eval-questions-url"
        />
        <Button onClick={() => url && load(fetchText(url), url)} disabled={!url}>
          Load URL
        </Button>
      </div>
      {run && (
        <p className="text-xs text-zinc-500">Loading another set starts a new run; this one stays in your browser.</p>
      )}
      {runs.length > 1 && run && (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <label className="inline-flex items-center gap-2">
            Run
            <select
              className={`${inputClass} max-w-sm`}
              value={run.id}
              disabled={busy}
              onChange={(e) => void onOpen(e.target.value)}
              data-testid="eval-run-picker"
            >
              {runs.map((r) => (
                <option key={r.id} value={r.id}>
                  {new Date(r.createdAt).toLocaleString()} · {r.source} · {r.models.length} model(s)
                </option>
              ))}
            </select>
          </label>
          <Button
            size="sm"
            variant="ghost"
            disabled={busy}
            onClick={() =>
              window.confirm(`Delete the run from ${run.source} with its answers and judgments?`) &&
              void onDelete(run.id)
            }
            data-testid="eval-run-delete"
          >
            Delete this run
          </Button>
        </div>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700" data-testid="eval-questions-error">
          {error.message}
        </p>
      )}
    </section>
  );
}
