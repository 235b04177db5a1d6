"use client";
import { useEffect, useRef } from "react";
import { useShallow } from "zustand/react/shallow";
import type { StoredMessage } from "@/lib/db/client-db";
import { useGeneration } from "@/lib/stores/generation";
import { ChatMessage, type MessageActions } from "@/components/chat-message";

/** The messages of one conversation; follows the stream while the user is at the bottom. */
export function ChatThread({
  conversationId,
  messages,
  actions,
}: {
  conversationId: string;
  messages: StoredMessage[];
  actions: MessageActions;
}) {
  const gen = useGeneration(
    useShallow((s) => ({
      busy: s.phase !== "idle",
      messageId: s.conversationId === conversationId ? s.messageId : null,
      text: s.text,
    })),
  );
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const liveText = gen.messageId ? gen.text : "";

  useEffect(() => {
    const el = scroller.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [messages, liveText]);

  return (
    <div
      ref={scroller}
      data-testid="thread"
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
      }}
      className="min-h-0 flex-1 overflow-y-auto"
    >
      <div className="mx-auto max-w-3xl space-y-6 px-4 py-6">
        {messages.map((m, i) => (
          <ChatMessage
            key={m.id}
            message={m}
            live={m.id === gen.messageId ? liveText || m.content : undefined}
            isLast={i === messages.length - 1}
            busy={gen.busy}
            actions={actions}
          />
        ))}
      </div>
    </div>
  );
}
