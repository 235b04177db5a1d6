"use client";
import { useEffect, useRef } from "react";
import { useShallow } from "zustand/react/shallow";
import { setDraft, useChatUi } from "@/lib/stores/chat-ui";
import { Button } from "@/components/ui/button";
import { AttachButton, AttachmentStrip, useAttachments } from "@/components/chat-attachments";

/**
 * Enter sends, Shift+Enter adds a newline; while generating the button stops. For a vision model
 * (`vision`), images attach by the button, by dropping them on the composer or by pasting them.
 */
export function ChatComposer({
  generating,
  canSend,
  vision = false,
  onSend,
  onStop,
}: {
  generating: boolean;
  canSend: boolean;
  vision?: boolean;
  onSend: (text: string, images?: string[]) => void;
  onStop: () => void;
}) {
  const attach = useAttachments();
  const images = vision ? attach.items : [];
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
    if ((!text && !images.length) || generating || !canSend) return;
    setDraft("");
    attach.clear();
    onSend(text, images.length ? images.map((a) => a.url) : undefined);
  }

  const imageFiles = (list: DataTransferItemList | FileList | null) =>
    [...(list ?? [])].flatMap((x) => {
      const f = x instanceof File ? x : x.kind === "file" ? x.getAsFile() : null;
      return f?.type.startsWith("image/") ? [f] : [];
    });

  return (
    <form
      className="border-t border-zinc-200 bg-white p-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onDragOver={(e) => {
        if (vision) e.preventDefault();
      }}
      onDrop={(e) => {
        if (!vision) return;
        e.preventDefault();
        void attach.add(imageFiles(e.dataTransfer.files));
      }}
    >
      {vision && <AttachmentStrip items={attach.items} error={attach.error} onRemove={attach.remove} />}
      <div className="mx-auto flex max-w-3xl items-end gap-2">
        {vision && <AttachButton disabled={generating} onFiles={(f) => void attach.add(f)} />}
        <textarea
          ref={ref}
          data-testid="composer"
          aria-label="Message"
          rows={1}
          value={draft}
          placeholder="Send a message…  (Enter to send, Shift+Enter for a new line)"
          onChange={(e) => setDraft(e.target.value)}
          onPaste={(e) => {
            const files = vision ? imageFiles(e.clipboardData.items) : [];
            if (!files.length) return;
            e.preventDefault();
            void attach.add(files);
          }}
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
            disabled={(!draft.trim() && !images.length) || !canSend}
            className="h-10"
          >
            Send
          </Button>
        )}
      </div>
    </form>
  );
}
