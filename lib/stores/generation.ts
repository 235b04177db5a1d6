/**
 * The one generation in flight, as the UI needs to show it: which conversation and
 * answer, the phase, load progress and the streamed text so far (the answer is also
 * persisted to Dexie, throttled). The AbortController lives in lib/chat/controller.ts.
 */
import { create } from "zustand";
import type { LoadProgress } from "@/lib/engines/types";

export interface GenerationState {
  phase: "idle" | "loading" | "streaming";
  conversationId: string | null;
  messageId: string | null;
  progress: LoadProgress | null;
  text: string;
}

export const idleGeneration: GenerationState = {
  phase: "idle",
  conversationId: null,
  messageId: null,
  progress: null,
  text: "",
};

export const useGeneration = create<GenerationState>()(() => ({ ...idleGeneration }));

export const resetGeneration = () => useGeneration.setState({ ...idleGeneration });
