/**
 * Short-lived UI state of the chat page (never engines, never persisted data):
 * drawers, the active conversation id, the sidebar search, the composer draft and
 * the settings of a chat that does not exist yet. Read through selectors.
 */
import { create } from "zustand";
import type { GenerationParams } from "@/lib/db/client-db";

export interface NewChatSettings {
  modelId: string | null;
  systemPrompt: string;
  params: GenerationParams;
}

export interface ChatUiState {
  sidebarOpen: boolean;
  settingsOpen: boolean;
  activeId: string | null;
  search: string;
  draft: string;
  newChat: NewChatSettings;
}

export const initialChatUiState: ChatUiState = {
  sidebarOpen: false,
  settingsOpen: false,
  activeId: null,
  search: "",
  draft: "",
  newChat: { modelId: null, systemPrompt: "", params: {} },
};

export const useChatUi = create<ChatUiState>()(() => ({ ...initialChatUiState }));

export const setSidebarOpen = (sidebarOpen: boolean) => useChatUi.setState({ sidebarOpen });
export const setSettingsOpen = (settingsOpen: boolean) => useChatUi.setState({ settingsOpen });
export const setSearch = (search: string) => useChatUi.setState({ search });
export const setDraft = (draft: string) => useChatUi.setState({ draft });
export const openConversation = (activeId: string | null) => useChatUi.setState({ activeId, sidebarOpen: false });
export const updateNewChat = (patch: Partial<NewChatSettings>) =>
  useChatUi.setState((s) => ({ newChat: { ...s.newChat, ...patch } }));
export const resetChatUi = () => useChatUi.setState({ ...initialChatUiState });
