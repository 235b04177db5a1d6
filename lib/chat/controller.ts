/**
 * Runs one chat action at a time for the UI: owns the AbortController, mirrors the
 * turn into the generation store, and loads the engine registry on demand (so the
 * page's first load carries no engine code).
 */
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { resetGeneration, useGeneration } from "@/lib/stores/generation";
import type { TurnOptions, TurnResult } from "./generate";

let current: AbortController | null = null;

/**
 * The streamed text reaches the store (and React, which re-renders the answer's markdown) at most
 * once per LIVE_TEXT_MS: a fast engine (the tiny model on WASM streams hundreds of tokens/s) would
 * otherwise re-parse the whole answer per token and starve the main thread, Stop button included.
 */
export const LIVE_TEXT_MS = 40;

export type TurnAction = (opts: TurnOptions) => Promise<TurnResult>;

export function isGenerating(): boolean {
  return current !== null;
}

/** Start a turn unless one is running. Resolves when it ends (never rejects for engine errors). */
export async function runTurn(
  conversationId: string,
  model: ModelDescriptor,
  action: TurnAction,
): Promise<TurnResult | undefined> {
  if (current) return undefined;
  const ctrl = new AbortController();
  current = ctrl;
  useGeneration.setState({ phase: "loading", conversationId, messageId: null, progress: null, text: "" });
  let pendingText: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flushText = () => {
    timer = undefined;
    if (pendingText !== null) useGeneration.setState({ text: pendingText });
    pendingText = null;
  };
  try {
    const { loadEngine } = await import("@/lib/engines/registry");
    return await action({
      conversationId,
      model,
      signal: ctrl.signal,
      loadEngine,
      onStart: (messageId) => useGeneration.setState({ messageId }),
      onPhase: (phase) => useGeneration.setState({ phase }),
      onProgress: (progress) => useGeneration.setState({ progress }),
      onText: (text) => {
        pendingText = text;
        timer ??= setTimeout(flushText, LIVE_TEXT_MS);
      },
    });
  } finally {
    clearTimeout(timer);
    current = null;
    resetGeneration();
  }
}

/** Stop the running turn; the engine aborts inside its worker and the partial answer is kept. */
export function stopGeneration(): void {
  current?.abort();
}
