"use client";
import { useState } from "react";

export interface ArenaPromptBarProps {
  canSend: boolean;
  busy: boolean;
  hasTurns: boolean;
  closed: boolean;
  onSend: (prompt: string) => Promise<boolean>;
  onStop: () => void;
  onRegenerate: () => void;
  onNewRound: () => void;
  onClear: () => void;
}

export function ArenaPromptBar(p: ArenaPromptBarProps) {
  const [text, setText] = useState("");
  const send = async () => {
    if (!text.trim() || !p.canSend || p.busy) return;
    if (await p.onSend(text)) setText("");
  };
  const btn =
    "rounded-md border border-zinc-300 px-3 py-2 text-sm hover:bg-zinc-50 disabled:cursor-not-allowed disabled:opacity-40";
  return (
    <div className="space-y-2">
      <div className="flex gap-2">
        <textarea
          data-testid="arena-prompt"
          aria-label="Prompt"
          rows={2}
          value={text}
          disabled={p.closed}
          placeholder={p.closed ? "This battle is closed. Start a new round." : "Ask both models something…"}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey) {
              e.preventDefault();
              void send();
            }
          }}
          className="min-w-0 flex-1 resize-y rounded-md border border-zinc-300 px-3 py-2 text-sm disabled:bg-zinc-50"
        />
        {p.busy ? (
          <button type="button" data-testid="arena-stop" onClick={p.onStop} className={btn}>
            Stop
          </button>
        ) : (
          <button
            type="button"
            data-testid="arena-send"
            disabled={!p.canSend || p.closed || !text.trim()}
            onClick={() => void send()}
            className={`${btn} bg-zinc-900 text-white hover:bg-zinc-700`}
          >
            Send
          </button>
        )}
      </div>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          data-testid="arena-regenerate"
          disabled={p.busy || !p.hasTurns || p.closed}
          onClick={p.onRegenerate}
          className={btn}
        >
          Regenerate
        </button>
        <button type="button" data-testid="arena-new-round" disabled={p.busy} onClick={p.onNewRound} className={btn}>
          New round
        </button>
        <button
          type="button"
          data-testid="arena-clear"
          disabled={p.busy || !p.hasTurns || p.closed}
          onClick={p.onClear}
          className={btn}
        >
          Clear
        </button>
      </div>
    </div>
  );
}
