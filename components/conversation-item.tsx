"use client";
import { useState } from "react";
import type { Conversation } from "@/lib/db/client-db";
import { deleteConversation, renameConversation } from "@/lib/db/conversations";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { PencilIcon, TrashIcon } from "@/components/ui/icons";

/** A sidebar row: open, rename inline, delete after a confirm. */
export function ConversationItem({
  conversation,
  active,
  onOpen,
  onDeleted,
}: {
  conversation: Conversation;
  active: boolean;
  onOpen: () => void;
  onDeleted: () => void;
}) {
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState(conversation.title);
  const [confirming, setConfirming] = useState(false);

  function commit() {
    setRenaming(false);
    if (title.trim() && title.trim() !== conversation.title) void renameConversation(conversation.id, title);
    else setTitle(conversation.title);
  }

  return (
    <li
      data-testid="conversation-item"
      data-active={active}
      className={`group flex items-center gap-1 rounded-md pr-1 ${active ? "bg-zinc-200" : "hover:bg-zinc-100"}`}
    >
      {renaming ? (
        <input
          autoFocus
          data-testid="rename-input"
          aria-label="Conversation title"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === "Enter") commit();
            if (e.key === "Escape") {
              e.stopPropagation();
              setTitle(conversation.title);
              setRenaming(false);
            }
          }}
          className="m-1 min-w-0 flex-1 rounded border border-zinc-400 bg-white px-2 py-1 text-sm"
        />
      ) : (
        <button
          type="button"
          data-testid="conversation-open"
          onClick={onOpen}
          className="min-w-0 flex-1 truncate px-3 py-2 text-left text-sm"
          title={conversation.title}
        >
          {conversation.title}
        </button>
      )}
      {!renaming && (
        <div className="flex shrink-0 opacity-100 md:opacity-0 md:group-hover:opacity-100 md:group-focus-within:opacity-100 md:group-data-[active=true]:opacity-100">
          <Button
            size="sm"
            variant="ghost"
            data-testid="rename-conversation"
            aria-label={`Rename ${conversation.title}`}
            onClick={() => {
              setTitle(conversation.title);
              setRenaming(true);
            }}
          >
            <PencilIcon />
          </Button>
          <Button
            size="sm"
            variant="ghost"
            data-testid="delete-conversation"
            aria-label={`Delete ${conversation.title}`}
            onClick={() => setConfirming(true)}
          >
            <TrashIcon />
          </Button>
        </div>
      )}
      {confirming && (
        <Dialog open onClose={() => setConfirming(false)} title="Delete conversation?" testId="confirm-delete">
          <p className="text-sm text-zinc-600">
            “{conversation.title}” and all its messages will be deleted from this browser. This cannot be undone.
          </p>
          <div className="flex justify-end gap-2">
            <Button onClick={() => setConfirming(false)}>Cancel</Button>
            <Button
              variant="danger"
              data-testid="confirm-delete-button"
              onClick={async () => {
                setConfirming(false);
                await deleteConversation(conversation.id);
                onDeleted();
              }}
            >
              Delete
            </Button>
          </div>
        </Dialog>
      )}
    </li>
  );
}
