"use client";
import { useLiveQuery } from "dexie-react-hooks";
import { useShallow } from "zustand/react/shallow";
import { listConversations } from "@/lib/db/conversations";
import { openConversation, setSearch, setSidebarOpen, useChatUi } from "@/lib/stores/chat-ui";
import { ConversationItem } from "@/components/conversation-item";
import { ConversationTransfer } from "@/components/conversation-transfer";
import { Button } from "@/components/ui/button";
import { Drawer } from "@/components/ui/drawer";
import { CloseIcon } from "@/components/ui/icons";

/** Conversation list (newest first) with new, search, rename, delete, export and import. */
export function ConversationSidebar({ fallbackModelId }: { fallbackModelId: string }) {
  const { open, search, activeId } = useChatUi(
    useShallow((s) => ({ open: s.sidebarOpen, search: s.search, activeId: s.activeId })),
  );
  const conversations = useLiveQuery(() => listConversations(search), [search]);

  return (
    <Drawer
      open={open}
      onClose={() => setSidebarOpen(false)}
      side="left"
      staticFromMd
      testId="sidebar"
      label="Conversations"
    >
      <div className="space-y-2 p-3">
        <div className="flex gap-2">
          <Button variant="primary" data-testid="new-chat" className="flex-1" onClick={() => openConversation(null)}>
            New chat
          </Button>
          <Button
            variant="ghost"
            aria-label="Close sidebar"
            className="md:hidden"
            onClick={() => setSidebarOpen(false)}
          >
            <CloseIcon />
          </Button>
        </div>
        <input
          type="search"
          data-testid="search"
          aria-label="Search conversations"
          placeholder="Search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          className="w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm focus:border-zinc-500 focus:outline-none"
        />
      </div>
      <ul data-testid="conversation-list" className="min-h-0 flex-1 space-y-0.5 overflow-y-auto px-2">
        {conversations?.map((c) => (
          <ConversationItem
            key={c.id}
            conversation={c}
            active={c.id === activeId}
            onOpen={() => openConversation(c.id)}
            onDeleted={() => c.id === useChatUi.getState().activeId && openConversation(null)}
          />
        ))}
        {conversations?.length === 0 && (
          <li className="px-3 py-2 text-sm text-zinc-500">{search.trim() ? "No matches." : "No conversations yet."}</li>
        )}
      </ul>
      <ConversationTransfer fallbackModelId={fallbackModelId} />
    </Drawer>
  );
}
