"use client";
import { useEffect, useRef } from "react";
import { useShallow } from "zustand/react/shallow";
import { setDraft, useChatUi } from "@/lib/stores/chat-ui";
import { Button } from "@/components/ui/button";

/** Enter sends, Shift+Enter adds a newline; while generating the button stops. */
export function ChatComposer({
  generating,
  canSend,
  onSend,
  onStop,
}: {
  generating: boolean;
  canSend: boolean;
  onSend: (text: string) => void;
  onStop: () => void;
}) {
  const { draft, activeId } = useChatUi(useShallow((s) => ({ draft: s.draft, activeId: s.activeId })));
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), [activeId]);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 200)}px`;
  }, [draft]);

  function submit() {
    const text = draft.trim();
    if (!text || generating || !canSend) return;
    setDraft("");
    onSend(text);
  }

  return (
    <form
      className="border-t border-zinc-200 bg-white p-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="mx-auto flex max-w-3xl items-end gap-2">
        <textarea
          ref={ref}
          data-testid="composer"
          aria-label="Message"
          rows={1}
          value={draft}
          placeholder="Send a message…  (Enter to send, Shift+Enter for a new line)"
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              submit();
            }
          }}
          className="max-h-52 min-h-10 flex-1 resize-none rounded-lg border border-zinc-300 px-3 py-2 text-sm focus:border-zinc-500 focus:outline-none"
        />
        {generating ? (
          <Button data-testid="stop" variant="secondary" onClick={onStop} className="h-10">
            Stop
          </Button>
        ) : (
          <Button
            data-testid="send"
            type="submit"
            variant="primary"
            disabled={!draft.trim() || !canSend}
            className="h-10"
          >
            Send
          </Button>
        )}
      </div>
    </form>
  );
}
