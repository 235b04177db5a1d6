/**
 * Answer generation: every question asked to every model as a real multi-turn conversation
 * (each turn sees the model's own earlier answers), at the category's temperature, with bounded
 * concurrency per model, retries, cancel, and per-question errors recorded without stopping the run.
 */
import type { ChatEngine } from "@/lib/engines/types";
import type { ChatMessage } from "@/lib/chat-protocol/types";
import { JoustError, type SerializedError } from "@/lib/errors";
import { temperatureFor } from "../questions";
import type { ModelAnswer, Question } from "../types";
import { progressOf, type RunAccounting, type Progress } from "./accounting";
import { complete } from "./call";
import { keyedLimiter } from "./limiter";
import type { RetryOptions } from "./retry";

export interface GenerateOptions {
  questions: readonly Question[];
  models: readonly string[];
  /** The engine for a model name (loaded). */
  engineFor: (model: string) => Promise<ChatEngine>;
  maxTokens: number;
  /** Concurrent questions per model, or per limiter key (default 1). */
  parallel?: number | ((key: string) => number);
  /** Models sharing a key share one concurrency limit (default: each model its own), e.g. all in-browser models. */
  limiterKey?: (model: string) => string;
  signal?: AbortSignal;
  retry?: RetryOptions;
  accounting?: RunAccounting;
  /** Already answered (resume): skipped and counted as done. */
  isDone?: (model: string, questionId: Question["question_id"]) => boolean;
  onAnswer: (answer: ModelAnswer, ms: number) => void | Promise<void>;
  onError?: (model: string, question: Question, error: SerializedError) => void | Promise<void>;
  onProgress?: (p: Progress) => void;
}

export interface RunSummary {
  done: number;
  failed: number;
  total: number;
  cancelled: boolean;
}

/** Asks one model one question, turn by turn; returns the answers to every turn. */
export async function answerQuestion(
  engine: ChatEngine,
  model: string,
  q: Question,
  o: Pick<GenerateOptions, "maxTokens" | "signal" | "retry" | "accounting">,
): Promise<string[]> {
  const messages: ChatMessage[] = [];
  const turns: string[] = [];
  for (const turn of q.turns) {
    messages.push({ role: "user", content: turn });
    const text = await complete(engine, messages, {
      name: model,
      temperature: temperatureFor(q.category),
      maxTokens: o.maxTokens,
      signal: o.signal,
      retry: o.retry,
      accounting: o.accounting,
    });
    messages.push({ role: "assistant", content: text });
    turns.push(text);
  }
  return turns;
}

export async function generateAnswers(o: GenerateOptions): Promise<RunSummary> {
  const started = Date.now();
  const limiter = keyedLimiter(o.parallel ?? 1);
  const total = o.questions.length * o.models.length;
  let done = 0;
  let failed = 0;
  let skipped = 0;
  const report = () => o.onProgress?.(progressOf(done, failed, total, skipped, started));
  const tasks: Promise<void>[] = [];
  for (const model of o.models)
    for (const q of o.questions) {
      if (o.isDone?.(model, q.question_id)) {
        done++;
        skipped++;
        continue;
      }
      tasks.push(
        limiter(o.limiterKey?.(model) ?? model)(async () => {
          if (o.signal?.aborted) return;
          const t0 = Date.now();
          try {
            const engine = await o.engineFor(model);
            const turns = await answerQuestion(engine, model, q, o);
            if (o.signal?.aborted) return;
            const ms = Date.now() - t0;
            o.accounting?.addQuestion(ms);
            await o.onAnswer(
              {
                question_id: q.question_id,
                answer_id: crypto.randomUUID(),
                model_id: model,
                choices: [{ index: 0, turns }],
                tstamp: Date.now() / 1000,
              },
              ms,
            );
            done++;
          } catch (err) {
            const e = JoustError.from(err, "internal:engine");
            if (o.signal?.aborted || e.type === "aborted") return;
            failed++;
            await o.onError?.(model, q, e.toJSON());
          }
          report();
        }),
      );
    }
  report();
  await Promise.all(tasks);
  return { done, failed, total, cancelled: !!o.signal?.aborted };
}
