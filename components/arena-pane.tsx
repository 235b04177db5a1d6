"use client";
import { Markdown } from "@/components/markdown";
import type { SideState } from "@/lib/arena/battle-runner";

export interface ArenaPaneProps {
  side: "a" | "b";
  /** "Model A" before the reveal; the model's name in named battles / after the vote. */
  title: string;
  state: SideState;
  /** Error text already cleared of model names. */
  errorText?: string;
  waitingForOther?: boolean;
}

export function ArenaPane({ side, title, state, errorText, waitingForOther }: ArenaPaneProps) {
  return (
    <section data-testid={`arena-pane-${side}`} className="flex min-h-64 flex-col rounded-lg border border-zinc-200">
      <header className="flex items-center justify-between border-b border-zinc-200 px-3 py-2 text-sm font-medium">
        <span data-testid={`arena-pane-${side}-title`}>{title}</span>
        <span
          data-testid={`arena-pane-${side}-status`}
          data-status={state.status}
          className="text-xs font-normal text-zinc-500"
        >
          {statusText(state, waitingForOther)}
        </span>
      </header>
      <div className="flex-1 space-y-3 overflow-y-auto px-3 py-2 text-sm">
        {state.messages.map((m, i) => (
          <div
            // biome-ignore lint/suspicious/noArrayIndexKey: a side's messages are only ever appended, so the index is stable
            key={i}
            data-testid={`arena-message-${side}`}
            data-role={m.role}
            className={m.role === "user" ? "ml-8 rounded-md bg-zinc-100 px-3 py-2" : "mr-4"}
          >
            {m.role === "assistant" ? (
              <Markdown text={m.content} />
            ) : (
              <div className="whitespace-pre-wrap">{m.content}</div>
            )}
          </div>
        ))}
        {state.status === "error" && (
          <p
            role="alert"
            data-testid={`arena-pane-${side}-error`}
            data-code={state.error?.code}
            className="rounded-md bg-red-50 px-3 py-2 text-red-700"
          >
            {errorText ?? state.error?.message}
          </p>
        )}
      </div>
    </section>
  );
}

function statusText(s: SideState, waitingForOther?: boolean): string {
  switch (s.status) {
    case "waiting":
      return waitingForOther ? "waiting for the other model…" : "waiting…";
    case "loading":
      return s.loadProgress === undefined ? "loading model…" : `loading model… ${Math.round(s.loadProgress * 100)}%`;
    case "streaming":
      return "answering…";
    case "done":
      return s.finishReason === "abort" ? "stopped" : s.finishReason === "length" ? "done (length limit)" : "done";
    case "error":
      return "failed";
    default:
      return "";
  }
}
