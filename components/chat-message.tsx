"use client";
import { useState } from "react";
import type { StoredMessage } from "@/lib/db/client-db";
import { Markdown } from "@/components/markdown";
import { Button } from "@/components/ui/button";
import { MessageImages, ToolCallBlocks } from "@/components/chat-message-extras";

export interface MessageActions {
  onEdit: (messageId: string, text: string) => void;
  onRegenerate: () => void;
}

/** One turn. `live` is the streamed text while this answer is being generated. */
export function ChatMessage({
  message,
  live,
  isLast,
  busy,
  actions,
}: {
  message: StoredMessage;
  live?: string;
  isLast: boolean;
  busy: boolean;
  actions: MessageActions;
}) {
  const [editing, setEditing] = useState(false);
  const [copied, setCopied] = useState(false);
  const text = live ?? message.content;

  if (message.role === "user") {
    return (
      <div data-testid="message-user" className="group flex flex-col items-end gap-1">
        {message.images?.length ? <MessageImages images={message.images} /> : null}
        {editing ? (
          <EditBox
            initial={message.content}
            onCancel={() => setEditing(false)}
            onSave={(t) => {
              setEditing(false);
              actions.onEdit(message.id, t);
            }}
          />
        ) : message.content || !message.images?.length ? (
          <div
            data-testid="message-text"
            className="max-w-[85%] rounded-2xl bg-zinc-100 px-4 py-2 text-sm whitespace-pre-wrap break-words"
          >
            {message.content}
          </div>
        ) : null}
        {!editing && !busy && (
          <Button
            size="sm"
            variant="ghost"
            data-testid="edit-message"
            onClick={() => setEditing(true)}
            className="opacity-70 group-hover:opacity-100"
          >
            Edit
          </Button>
        )}
      </div>
    );
  }

  const generating = live !== undefined;
  return (
    <div
      data-testid="message-assistant"
      data-finish={generating ? "streaming" : (message.finishReason ?? "interrupted")}
      className="space-y-1.5"
    >
      <div data-testid="message-text" className="text-sm leading-relaxed">
        {text ? <Markdown text={text} /> : generating ? <span className="animate-pulse text-zinc-400">●</span> : null}
      </div>
      {message.toolCalls?.length ? <ToolCallBlocks calls={message.toolCalls} /> : null}
      {message.error && !generating && (
        <div
          data-testid="message-error"
          role="alert"
          className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
        >
          {message.error.message}
        </div>
      )}
      {!generating && (
        <div className="flex flex-wrap items-center gap-1 text-xs text-zinc-500">
          {message.finishReason === "abort" && (
            <span data-testid="stopped-badge" className="mr-2">
              Stopped
            </span>
          )}
          {message.finishReason === "length" && <span className="mr-2">Reached max tokens</span>}
          {message.finishReason === null && <span className="mr-2">Interrupted</span>}
          {message.stats?.ttftMs !== undefined && (
            <span data-testid="message-stats" className="mr-2 tabular-nums">
              {message.stats.ttftMs} ms to first token · {message.stats.tokensPerSecond ?? "–"} tok/s ·{" "}
              {message.stats.completionTokens} tokens
            </span>
          )}
          {message.content && (
            <Button
              size="sm"
              variant="ghost"
              data-testid="copy-message"
              onClick={() => {
                void navigator.clipboard?.writeText(message.content).catch(() => undefined);
                setCopied(true);
                setTimeout(() => setCopied(false), 1500);
              }}
            >
              {copied ? "Copied" : "Copy"}
            </Button>
          )}
          {isLast && !busy && (
            <Button
              size="sm"
              variant="ghost"
              data-testid={message.error ? "retry" : "regenerate"}
              onClick={actions.onRegenerate}
            >
              {message.error ? "Retry" : "Regenerate"}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}

function EditBox({
  initial,
  onSave,
  onCancel,
}: {
  initial: string;
  onSave: (t: string) => void;
  onCancel: () => void;
}) {
  const [value, setValue] = useState(initial);
  return (
    <div className="w-full max-w-[85%] space-y-2">
      <textarea
        autoFocus
        data-testid="edit-input"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.stopPropagation();
            onCancel();
          }
          if (e.key === "Enter" && !e.shiftKey && value.trim()) {
            e.preventDefault();
            onSave(value.trim());
          }
        }}
        rows={3}
        className="w-full rounded-lg border border-zinc-300 px-3 py-2 text-sm focus:border-zinc-500 focus:outline-none"
      />
      <div className="flex justify-end gap-2">
        <Button size="sm" onClick={onCancel}>
          Cancel
        </Button>
        <Button
          size="sm"
          variant="primary"
          data-testid="edit-save"
          disabled={!value.trim()}
          onClick={() => onSave(value.trim())}
        >
          Save & send
        </Button>
      </div>
    </div>
  );
}
