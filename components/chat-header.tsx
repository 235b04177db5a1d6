"use client";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { setSettingsOpen, setSidebarOpen } from "@/lib/stores/chat-ui";
import { ModelPicker } from "@/components/model-picker";
import { Button } from "@/components/ui/button";
import { DownloadIcon, MenuIcon, SlidersIcon } from "@/components/ui/icons";

export function ChatHeader({
  title,
  models,
  modelId,
  onModelChange,
  busy,
  onExportMarkdown,
}: {
  title: string;
  models: ModelDescriptor[];
  modelId: string | null;
  onModelChange: (id: string) => void;
  busy: boolean;
  onExportMarkdown?: () => void;
}) {
  return (
    <div className="flex items-center gap-2 border-b border-zinc-200 px-3 py-2">
      <Button
        variant="ghost"
        data-testid="sidebar-toggle"
        aria-label="Open conversations"
        className="md:hidden"
        onClick={() => setSidebarOpen(true)}
      >
        <MenuIcon />
      </Button>
      <h1 data-testid="chat-title" className="min-w-0 flex-1 truncate text-sm font-medium">
        {title}
      </h1>
      <ModelPicker models={models} value={modelId} onChange={onModelChange} disabled={busy} align="right" />
      {onExportMarkdown && (
        <Button
          variant="ghost"
          data-testid="export-markdown"
          aria-label="Export as Markdown"
          title="Export as Markdown"
          onClick={onExportMarkdown}
        >
          <DownloadIcon />
          <span className="hidden sm:inline">.md</span>
        </Button>
      )}
      <Button
        variant="ghost"
        data-testid="settings-toggle"
        aria-label="Chat settings"
        title="Chat settings"
        onClick={() => setSettingsOpen(true)}
      >
        <SlidersIcon />
      </Button>
    </div>
  );
}
