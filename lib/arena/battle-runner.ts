/**
 * Runs one battle's two sides: the same prompt into both conversations, streamed at once
 * (or one after the other when `sequential`), multi-turn, with regenerate / stop / clear.
 * It only sees ChatEngine (local worker engine or the server-streamed side alike).
 * React reads it through `subscribe` + `getSnapshot` (useSyncExternalStore).
 */
import { JoustError, type SerializedError } from "@/lib/errors";
import type { ChatEngine, LoadProgress } from "@/lib/engines/types";
import type { ChatMessage, ChatRequest, FinishReason } from "@/lib/chat-protocol/types";

export type SideId = "a" | "b";

export interface BattleSideSource {
  /** Load (or join the load of) the side's engine. */
  acquire(onProgress: (p: LoadProgress) => void): Promise<ChatEngine>;
  /** Free the engine's memory (used between sides when running sequentially). */
  release?(): Promise<void>;
}

export interface SideState {
  messages: ChatMessage[];
  status: "idle" | "waiting" | "loading" | "streaming" | "done" | "error";
  /** 0..1 while loading, when known. Never the engine's progress text (it may name the model). */
  loadProgress?: number;
  finishReason?: FinishReason;
  error?: SerializedError;
}

export interface BattleSnapshot {
  a: SideState;
  b: SideState;
  busy: boolean;
  /** User turns so far. */
  turn: number;
}

export type GenerationOptions = Omit<ChatRequest, "messages">;

const EMPTY: SideState = { messages: [], status: "idle" };

export class BattleRunner {
  private snapshot: BattleSnapshot = { a: EMPTY, b: EMPTY, busy: false, turn: 0 };
  private readonly listeners = new Set<() => void>();
  private controller: AbortController | null = null;
  private run: Promise<void> | null = null;

  constructor(
    private readonly sides: Record<SideId, BattleSideSource>,
    private readonly opts: { sequential: boolean; params?: GenerationOptions },
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): BattleSnapshot => this.snapshot;

  get sequential(): boolean {
    return this.opts.sequential;
  }

  /** Both conversations as they stand (what a vote records). */
  conversations(): { a: ChatMessage[]; b: ChatMessage[] } {
    return { a: this.snapshot.a.messages, b: this.snapshot.b.messages };
  }

  /** Send a user prompt to both sides and stream both answers. */
  send(prompt: string): Promise<void> {
    const text = prompt.trim();
    if (!text) return Promise.reject(new JoustError("bad_request:arena", "Type a prompt first."));
    if (this.snapshot.busy)
      return Promise.reject(new JoustError("conflict:arena", "Wait for both answers (or stop them) first."));
    const user: ChatMessage = { role: "user", content: text };
    this.set({
      a: { ...this.snapshot.a, messages: [...this.snapshot.a.messages, user] },
      b: { ...this.snapshot.b, messages: [...this.snapshot.b.messages, user] },
      turn: this.snapshot.turn + 1,
    });
    return this.generate();
  }

  /** Drop both last answers and generate them again from the same history. */
  regenerate(): Promise<void> {
    if (this.snapshot.busy)
      return Promise.reject(new JoustError("conflict:arena", "Wait for both answers (or stop them) first."));
    if (this.snapshot.turn === 0)
      return Promise.reject(new JoustError("bad_request:arena", "Nothing to regenerate yet."));
    const drop = (s: SideState): SideState => ({
      ...s,
      messages: s.messages.at(-1)?.role === "assistant" ? s.messages.slice(0, -1) : s.messages,
    });
    this.set({ a: drop(this.snapshot.a), b: drop(this.snapshot.b) });
    return this.generate();
  }

  /** Stop both streams; partial answers are kept. */
  stop(): void {
    this.controller?.abort();
  }

  /** Stop and forget the conversation (same sides). */
  async clear(): Promise<void> {
    this.stop();
    await this.run?.catch(() => undefined);
    this.set({ a: EMPTY, b: EMPTY, turn: 0 });
  }

  private generate(): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    this.set({
      busy: true,
      a: { ...this.snapshot.a, status: "waiting", error: undefined },
      b: { ...this.snapshot.b, status: "waiting", error: undefined },
    });
    const run = (async () => {
      try {
        if (this.opts.sequential) {
          for (const side of ["a", "b"] as const) {
            // Free the other side's model first so only one is in memory at a time.
            await this.sides[side === "a" ? "b" : "a"].release?.().catch(() => undefined);
            await this.runSide(side, controller.signal);
          }
        } else {
          await Promise.all([this.runSide("a", controller.signal), this.runSide("b", controller.signal)]);
        }
      } finally {
        if (this.controller === controller) this.controller = null;
        this.set({ busy: false });
      }
    })();
    this.run = run;
    return run;
  }

  /** One side's turn. Never throws: failures end up in the side's state, the conversation is kept. */
  private async runSide(side: SideId, signal: AbortSignal): Promise<void> {
    const history = this.snapshot[side].messages;
    if (signal.aborted) return this.patch(side, { status: "done", finishReason: "abort" });
    try {
      this.patch(side, { status: "loading", loadProgress: undefined });
      const engine = await this.sides[side].acquire((p) => this.patch(side, { loadProgress: p.progress }));
      this.patch(side, {
        status: "streaming",
        loadProgress: undefined,
        messages: [...history, { role: "assistant", content: "" }],
      });
      let text = "";
      let finish: FinishReason = null;
      for await (const chunk of engine.stream({ ...this.opts.params, messages: history }, { signal })) {
        const choice = chunk.choices[0];
        if (!choice) continue;
        if (choice.delta.content) {
          text += choice.delta.content;
          this.patch(side, { messages: [...history, { role: "assistant", content: text }] });
        }
        if (choice.finish_reason) finish = choice.finish_reason;
      }
      this.patch(side, { status: "done", finishReason: signal.aborted ? "abort" : (finish ?? "stop") });
    } catch (err) {
      const e = JoustError.from(err, "internal:arena");
      if (e.type === "aborted" || signal.aborted) return this.patch(side, { status: "done", finishReason: "abort" });
      this.patch(side, { status: "error", finishReason: "error", error: e.toJSON() });
    }
  }

  private patch(side: SideId, p: Partial<SideState>): void {
    this.set({ [side]: { ...this.snapshot[side], ...p } });
  }

  private set(p: Partial<BattleSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...p };
    for (const l of this.listeners) l();
  }
}
