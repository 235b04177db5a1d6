/**
 * The `hard_prompt` category: an optional judge model (config `leaderboard.judge`) rates each new
 * prompt against the seven Arena-Hard criteria; a prompt meeting at least six is hard. Runs in the
 * background with bounded concurrency and a bounded queue: a vote is stored before its prompt is
 * judged, and a judge that is slow, failing or absent never delays or loses a vote.
 */
import "server-only";
import { z } from "zod";
import { getConfig } from "@/lib/providers/config";
import { streamChat } from "@/lib/providers/remote-chat";
import type { StreamChat } from "@/lib/providers/types";
import { HARD_PROMPT_MIN_CRITERIA } from "@/lib/rating/categories";

export const HARD_PROMPT_CRITERIA = [
  "specificity",
  "domain knowledge",
  "complexity",
  "problem-solving",
  "creativity",
  "technical accuracy",
  "real-world application",
] as const;

const SYSTEM = [
  "You judge whether a user prompt is a demanding test for an AI assistant.",
  "Check the prompt against each of these seven criteria:",
  "1. Specificity: it asks for a precise output (code, a derivation, a concrete plan), not a vague chat.",
  "2. Domain knowledge: answering needs knowledge of a particular field.",
  "3. Complexity: it has several parts or steps, or non-trivial depth.",
  "4. Problem-solving: it needs reasoning towards a solution rather than recalling a fact.",
  "5. Creativity: a good answer needs an original or tailored approach.",
  "6. Technical accuracy: the answer can be checked for correctness.",
  "7. Real-world application: it concerns a practical, real situation.",
  'Reply with only the numbers of the criteria the prompt meets, as a JSON array, e.g. "[1, 4, 6]".',
].join("\n");

/** The criteria numbers in a judge's reply (its last bracketed list); null when there is none. */
export function parseCriteria(reply: string): number[] | null {
  const lists = [...reply.matchAll(/\[([\d\s,]*)\]/g)];
  if (!lists.length) return null;
  const nums = lists
    .at(-1)![1]
    .split(",")
    .map((x) => Number(x.trim()))
    .filter((n) => Number.isInteger(n) && n >= 1 && n <= 7);
  return [...new Set(nums)];
}

export const judgeConfigSchema = z.object({
  /** A model from `models` (by name) that judges prompts. */
  model: z.string().min(1),
  /** Judge calls at once (default 2). */
  concurrency: z.number().int().min(1).max(32).default(2),
  /** Prompts waiting beyond this are not judged (default 1000). */
  maxQueue: z.number().int().min(1).max(100_000).default(1000),
  timeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
});
export type JudgeConfig = z.infer<typeof judgeConfigSchema>;

export interface TaggerDeps {
  streamChat: StreamChat;
  /** Adds the tag to the stored vote(s) of this battle. */
  tag(questionId: string, category: "hard_prompt"): Promise<void>;
  log?(message: string): void;
}

export class HardPromptTagger {
  private readonly queue: Array<{ questionId: string; prompt: string }> = [];
  private running = 0;
  private idleWaiters: Array<() => void> = [];
  /** Outcome counters (tests, logs). */
  readonly stats = { judged: 0, hard: 0, failed: 0, dropped: 0 };

  constructor(
    private readonly cfg: JudgeConfig,
    private readonly deps: TaggerDeps,
  ) {}

  /** Queues a prompt; never throws and never waits for the judge. */
  enqueue(questionId: string, prompt: string): void {
    if (!prompt.trim()) return;
    if (this.queue.length >= this.cfg.maxQueue) {
      this.stats.dropped++;
      return;
    }
    this.queue.push({ questionId, prompt });
    this.pump();
  }

  /** Resolves when the queue is empty and no judge call is running. */
  idle(): Promise<void> {
    if (!this.running && !this.queue.length) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private pump(): void {
    while (this.running < this.cfg.concurrency && this.queue.length) {
      const job = this.queue.shift()!;
      this.running++;
      void this.judge(job.questionId, job.prompt).finally(() => {
        this.running--;
        this.pump();
        if (!this.running && !this.queue.length) for (const w of this.idleWaiters.splice(0)) w();
      });
    }
  }

  private async judge(questionId: string, prompt: string): Promise<void> {
    const signal = AbortSignal.timeout(this.cfg.timeoutMs);
    try {
      let reply = "";
      const req = {
        messages: [
          { role: "system" as const, content: SYSTEM },
          { role: "user" as const, content: `<prompt>\n${prompt}\n</prompt>` },
        ],
        temperature: 0,
        max_tokens: 64,
      };
      for await (const chunk of this.deps.streamChat(this.cfg.model, req, signal))
        reply += chunk.choices[0]?.delta?.content ?? "";
      const criteria = parseCriteria(reply);
      if (!criteria) throw new Error("the judge's reply has no list of criteria");
      this.stats.judged++;
      if (criteria.length >= HARD_PROMPT_MIN_CRITERIA) {
        this.stats.hard++;
        await this.deps.tag(questionId, "hard_prompt");
      }
    } catch (e) {
      this.stats.failed++;
      this.deps.log?.(`[joust] hard-prompt judge: ${(e as Error).message}`);
    }
  }
}

const KEY = Symbol.for("joust.hardPromptTagger");
type Holder = { [KEY]?: HardPromptTagger | null };

/** The process-wide tagger when `leaderboard.judge` is configured (null otherwise). */
export function getHardPromptTagger(tag: TaggerDeps["tag"]): HardPromptTagger | null {
  const g = globalThis as Holder;
  if (g[KEY] !== undefined) return g[KEY];
  const raw = getConfig().leaderboard.judge;
  const parsed = raw === undefined ? null : judgeConfigSchema.safeParse(raw);
  if (parsed && !parsed.success)
    console.warn(`[joust] config: leaderboard.judge: ${parsed.error.issues[0].message}; prompts are not judged`);
  g[KEY] = parsed?.success ? new HardPromptTagger(parsed.data, { streamChat, tag, log: (m) => console.warn(m) }) : null;
  return g[KEY];
}
