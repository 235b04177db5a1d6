"use client";
import { useCallback, useEffect, useState } from "react";
import { useLiveQuery } from "dexie-react-hooks";
import { useShallow } from "zustand/react/shallow";
import { runTurn, stopGeneration } from "@/lib/chat/controller";
import { editAndResend, regenerate, sendMessage } from "@/lib/chat/generate";
import { conversationToMarkdown, fileSlug } from "@/lib/chat/markdown-export";
import {
  createConversation,
  getConversation,
  getMessages,
  NEW_CHAT_TITLE,
  updateConversationSettings,
} from "@/lib/db/conversations";
import { useModelCatalog } from "@/lib/models/use-model-catalog";
import { decideSend } from "@/lib/models/first-run";
import { useAdapter } from "@/lib/models/use-adapter";
import { rememberRecent } from "@/lib/models/recent";
import { useCachedIds } from "@/lib/models/use-cached-ids";
import { openConversation, setSettingsOpen, updateNewChat, useChatUi } from "@/lib/stores/chat-ui";
import { useGeneration } from "@/lib/stores/generation";
import { ChatComposer } from "@/components/chat-composer";
import { ChatHeader } from "@/components/chat-header";
import { ChatLoadProgress } from "@/components/chat-load-progress";
import { ChatSettings, type ChatSettingsValue } from "@/components/chat-settings";
import { ChatThread } from "@/components/chat-thread";
import { ConversationSidebar } from "@/components/conversation-sidebar";
import { downloadText } from "@/lib/browser/download-text";
import { useOnline } from "@/lib/browser/use-online";
import { FirstRunChooser } from "@/components/first-run-chooser";

const LAST_MODEL_KEY = "joust:chat-model";

/** The single-model chat: sidebar, thread, composer, settings. Logic lives in lib/chat. */
export function ChatApp() {
  const { models, loading, testModels } = useModelCatalog();
  const adapter = useAdapter();
  const online = useOnline();
  /** What the conversation is told about the model: a download that runs first, or why nothing was sent. */
  const [notice, setNotice] = useState<{ kind: "info" | "error"; text: string } | null>(null);
  const [lastModel, setLastModel] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const { activeId, settingsOpen, newChat } = useChatUi(
    useShallow((s) => ({ activeId: s.activeId, settingsOpen: s.settingsOpen, newChat: s.newChat })),
  );
  const busy = useGeneration((s) => s.phase !== "idle");
  // useLiveQuery keeps the previous result while a new query runs, so results carry the id they are for.
  const current = useLiveQuery(
    async () => ({ id: activeId, conversation: activeId ? ((await getConversation(activeId)) ?? null) : null }),
    [activeId],
  );
  const fresh = current?.id === activeId ? current : undefined;
  const conversation = fresh?.conversation ?? undefined;
  const thread = useLiveQuery(
    async () => ({ id: activeId, messages: activeId ? await getMessages(activeId) : [] }),
    [activeId],
  );
  const messages = thread?.id === activeId ? thread.messages : undefined;

  useEffect(() => {
    setLastModel(localStorage.getItem(LAST_MODEL_KEY));
    const id = new URLSearchParams(location.search).get("c");
    if (id) openConversation(id);
    setReady(true);
  }, []);

  // The open conversation lives in the URL (?c=id), so reload and links reopen it.
  useEffect(() => {
    if (!ready) return;
    const url = activeId ? `/?c=${encodeURIComponent(activeId)}` : "/";
    if (location.pathname + location.search !== url) history.replaceState(history.state, "", url);
  }, [activeId, ready]);

  useEffect(() => {
    if (activeId && fresh && fresh.conversation === null) openConversation(null);
  }, [activeId, fresh]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && useGeneration.getState().phase !== "idle") {
        e.preventDefault();
        stopGeneration();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // No fallback to "the first model": with none chosen yet, the first-run chooser shows instead.
  const modelId =
    conversation?.modelId ?? newChat.modelId ?? (models.some((m) => m.id === lastModel) ? lastModel : null);
  const model = models.find((m) => m.id === modelId);
  const { cachedIds, refresh: refreshCached } = useCachedIds(model ? [model] : []);
  const settings: ChatSettingsValue = conversation ?? newChat;

  const changeModel = useCallback(
    (id: string) => {
      localStorage.setItem(LAST_MODEL_KEY, id);
      rememberRecent(id);
      setLastModel(id);
      setNotice(null);
      if (conversation) void updateConversationSettings(conversation.id, { modelId: id });
      else updateNewChat({ modelId: id });
    },
    [conversation],
  );

  function changeSettings(patch: Partial<ChatSettingsValue>) {
    if (conversation) void updateConversationSettings(conversation.id, patch);
    else updateNewChat(patch);
  }

  async function send(text: string, images?: string[]) {
    if (!model || (activeId && !conversation)) return; // still opening the conversation
    const decision = decideSend(model, {
      cached: cachedIds?.has(model.id),
      online,
      adapter: adapter.status === "ready" ? adapter.adapter : null,
      testModels,
    });
    if (decision.kind === "blocked") return setNotice({ kind: "error", text: decision.message });
    setNotice(decision.kind === "download-first" ? { kind: "info", text: decision.notice } : null);
    let id = conversation?.id;
    if (!id) {
      const created = await createConversation({
        modelId: model.id,
        systemPrompt: newChat.systemPrompt,
        params: newChat.params,
      });
      id = created.id;
      openConversation(id);
      // The draft's prompt and sampling now belong to this conversation; the next new chat starts clean.
      updateNewChat({ systemPrompt: "", params: {} });
    }
    await runTurn(id, model, (o) => sendMessage(text, o, images));
    if (decision.kind === "download-first") {
      setNotice(null);
      refreshCached();
    }
  }

  const actions = {
    onRegenerate: () => conversation && model && void runTurn(conversation.id, model, regenerate),
    onEdit: (messageId: string, text: string) =>
      conversation && model && void runTurn(conversation.id, model, (o) => editAndResend(messageId, text, o)),
  };

  return (
    <div className="flex h-full min-h-0" data-testid="chat-app" data-ready={ready}>
      <ConversationSidebar fallbackModelId={model?.id ?? models[0]?.id ?? ""} />
      <section className="flex min-w-0 flex-1 flex-col">
        <ChatHeader
          title={conversation?.title ?? NEW_CHAT_TITLE}
          models={models}
          modelId={modelId}
          onModelChange={changeModel}
          busy={busy}
          onExportMarkdown={
            conversation && messages?.length
              ? () =>
                  downloadText(
                    `${fileSlug(conversation.title)}.md`,
                    conversationToMarkdown(conversation, messages),
                    "text/markdown",
                  )
              : undefined
          }
        />
        <ChatLoadProgress conversationId={conversation?.id ?? null} />
        {conversation && messages?.length ? (
          <ChatThread conversationId={conversation.id} messages={messages} actions={actions} />
        ) : !modelId && !conversation && !(loading && lastModel) ? (
          <div className="min-h-0 flex-1 overflow-y-auto">
            <FirstRunChooser models={models} loading={loading} onPick={changeModel} />
          </div>
        ) : (
          <div
            data-testid="empty-state"
            className="flex min-h-0 flex-1 flex-col items-center justify-center gap-2 p-6 text-center text-zinc-500"
          >
            <p className="text-lg font-medium text-zinc-800">How can I help?</p>
            <p className="text-sm">
              {model
                ? `Chatting with ${model.displayName}. Change the model, system prompt and sampling in the header.`
                : "Pick a model to start."}
            </p>
          </div>
        )}
        {notice && (
          <p
            data-testid="chat-notice"
            data-kind={notice.kind}
            role={notice.kind === "error" ? "alert" : "status"}
            className={`mx-4 mb-1 rounded-md px-3 py-2 text-sm ${notice.kind === "error" ? "bg-red-50 text-red-800" : "bg-sky-50 text-sky-900"}`}
          >
            {notice.text}
          </p>
        )}
        {modelId && !model && models.length > 0 && (
          <p data-testid="model-unavailable" className="px-4 text-center text-xs text-amber-700">
            This conversation&apos;s model ({modelId}) is not available here. Pick another model to continue.
          </p>
        )}
        <ChatComposer
          generating={busy}
          canSend={!!model}
          vision={model?.vision === true}
          onSend={(t, images) => void send(t, images)}
          onStop={stopGeneration}
        />
      </section>
      <ChatSettings
        key={conversation?.id ?? "new"}
        open={settingsOpen}
        onClose={() => setSettingsOpen(false)}
        value={settings}
        onChange={changeSettings}
      />
    </div>
  );
}
