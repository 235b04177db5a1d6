/**
 * useEval(): the /eval page's state. The run and its results live in Dexie (live queries), so a
 * reload shows everything done so far and a run cut off mid-way offers to resume; only the
 * progress of the current session and the AbortController live in React.
 */
import { useLiveQuery } from "dexie-react-hooks";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { db } from "@/lib/db/db";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { JoustError, type SerializedError } from "@/lib/errors";
import { mergePrompts, parseJudgePrompts, type JudgePromptSet } from "../judge-prompts";
import type { Progress } from "../pipeline/accounting";
import type { EvalMode, Question } from "../types";
import { runBrowserJudging, runGeneration } from "./runner";
import { createRun, deleteRun, latestRun, listAnswers, listJudgments, listRuns, updateRun } from "./store";
import type { EvalRun } from "./types";

export type Busy = { phase: "generating" | "judging"; progress?: Progress; loading?: string } | null;

export function useEval(catalog: readonly ModelDescriptor[]) {
  const run = useLiveQuery(() => latestRun(db), []);
  const runs = useLiveQuery(() => listRuns(db), []);
  const runId = run?.id;
  // Each result carries the run it was read for, so rows of a previous query never pass for this run's.
  const rows = useLiveQuery(
    async () =>
      runId
        ? {
            runId,
            answers: await listAnswers(db, runId),
            judgments: await listJudgments(db, runId),
            errors: await db.evalErrors.where("runId").equals(runId).toArray(),
          }
        : undefined,
    [runId],
  );
  const current = rows && rows.runId === runId ? rows : undefined;
  const answers = current?.answers;
  const judgments = current?.judgments;
  const errors = current?.errors;
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<SerializedError>();
  const [defaults, setDefaults] = useState<JudgePromptSet>();
  const abort = useRef<AbortController | null>(null);

  useEffect(() => {
    fetch("/eval/judge-prompts.jsonl")
      .then((r) => r.text())
      .then((t) => setDefaults(parseJudgePrompts(t, "judge-prompts.jsonl")))
      .catch((e: unknown) => setError(JoustError.from(e, "internal:import").toJSON()));
  }, []);

  const guard = useCallback(async (fn: () => Promise<void>) => {
    setError(undefined);
    try {
      await fn();
    } catch (e) {
      setError(JoustError.from(e, "internal:import").toJSON());
    }
  }, []);

  const startRun = useCallback(
    (questions: Question[], source: string) => guard(async () => void (await createRun(db, { questions, source }))),
    [guard],
  );
  const configure = useCallback(
    (patch: Partial<Pick<EvalRun, "models" | "maxTokens">>) =>
      runId ? updateRun(db, runId, patch) : Promise.resolve(),
    [runId],
  );
  const imported = run?.judgePrompts;
  const prompts = useMemo(
    () => (defaults ? mergePrompts(defaults, new Map((imported ?? []).map((p) => [p.name, p]))) : undefined),
    [defaults, imported],
  );
  /** Saved with the run; throws (EvalFileError naming the line) on a bad file, leaving the prompts in use as they were. */
  const importPrompts = useCallback(
    async (text: string, file: string) => {
      const parsed = parseJudgePrompts(text, file);
      if (runId)
        await updateRun(db, runId, {
          judgePrompts: [...new Map([...(imported ?? []).map((p) => [p.name, p] as const), ...parsed]).values()],
        });
    },
    [runId, imported],
  );

  const launch = useCallback(
    (
      phase: "generating" | "judging",
      body: (
        signal: AbortSignal,
        onProgress: (p: Progress) => void,
        onLoad: (m: string, text: string) => void,
      ) => Promise<unknown>,
    ) =>
      guard(async () => {
        if (abort.current) return;
        const ac = new AbortController();
        abort.current = ac;
        setBusy({ phase });
        try {
          await body(
            ac.signal,
            (progress) => setBusy({ phase, progress }),
            (m, text) => setBusy((b) => (b ? { ...b, loading: `${m}: ${text}` } : b)),
          );
        } finally {
          abort.current = null;
          setBusy(null);
        }
      }),
    [guard],
  );

  const generate = useCallback(() => {
    if (!run) return Promise.resolve();
    return launch("generating", (signal, onProgress, onLoad) =>
      runGeneration({ db, run, catalog, signal, onProgress, onLoad: (m, p) => onLoad(m, p.text) }),
    );
  }, [run, catalog, launch]);

  const judge = useCallback(
    (judgeId: string, mode: EvalMode, baseline?: string) => {
      if (!run || !prompts) return Promise.resolve();
      return launch("judging", (signal, onProgress, onLoad) =>
        runBrowserJudging({
          db,
          run,
          catalog,
          signal,
          onProgress,
          onLoad: (m, p) => onLoad(m, p.text),
          prompts,
          judge: judgeId,
          mode,
          baseline,
        }),
      );
    },
    [run, catalog, prompts, launch],
  );

  /** The page shows the most recently touched run: opening one touches it. */
  const openRun = useCallback((id: string) => (busy ? Promise.resolve() : updateRun(db, id, {})), [busy]);
  const removeRun = useCallback((id: string) => (busy ? Promise.resolve() : deleteRun(db, id)), [busy]);

  const cancel = useCallback(() => {
    abort.current?.abort();
    if (runId) void updateRun(db, runId, { phase: "idle" });
  }, [runId]);

  /** The run's rows have been read from IndexedDB at least once (before that the lists are empty placeholders). */
  const loaded = run === null || current !== undefined;
  return {
    run,
    runs: runs ?? [],
    openRun,
    removeRun,
    loaded,
    answers: answers ?? [],
    judgments: judgments ?? [],
    errors: errors ?? [],
    busy,
    error,
    prompts,
    startRun,
    configure,
    importPrompts,
    generate,
    judge,
    cancel,
    setError,
  };
}
