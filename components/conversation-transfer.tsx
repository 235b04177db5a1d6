"use client";
import { useRef, useState } from "react";
import { JoustError } from "@/lib/errors";
import { Button } from "@/components/ui/button";
import { downloadText } from "@/lib/browser/download-text";

// zod and the ShareGPT code load on first use, outside the page's first-load JavaScript.
const loadShareGpt = () => import("@/lib/chat/sharegpt");

/** Export every conversation as ShareGPT JSON; import such a file (all or nothing). */
export function ConversationTransfer({ fallbackModelId }: { fallbackModelId: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string } | null>(null);

  async function onFile(file: File) {
    setNotice(null);
    try {
      const { importShareGpt } = await loadShareGpt();
      const n = await importShareGpt(await file.text(), fallbackModelId);
      setNotice({ kind: "ok", text: `Imported ${n} conversation${n === 1 ? "" : "s"}.` });
    } catch (err) {
      const e = JoustError.from(err, "internal:import");
      setNotice({ kind: "error", text: `Import failed: ${e.message}` });
    }
  }

  return (
    <div className="space-y-2 border-t border-zinc-200 p-3">
      <div className="flex gap-2">
        <Button
          size="sm"
          data-testid="export-all"
          className="flex-1"
          onClick={async () => {
            const { exportShareGpt } = await loadShareGpt();
            downloadText(
              `joust-conversations-${new Date().toISOString().slice(0, 10)}.sharegpt.json`,
              await exportShareGpt(),
              "application/json",
            );
          }}
        >
          Export all
        </Button>
        <Button size="sm" data-testid="import" className="flex-1" onClick={() => input.current?.click()}>
          Import
        </Button>
        <input
          ref={input}
          type="file"
          accept="application/json,.json"
          data-testid="import-file"
          className="hidden"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = "";
            if (file) void onFile(file);
          }}
        />
      </div>
      {notice && (
        <p
          data-testid={notice.kind === "error" ? "import-error" : "import-ok"}
          role={notice.kind === "error" ? "alert" : "status"}
          className={`text-xs ${notice.kind === "error" ? "text-red-700" : "text-zinc-600"}`}
        >
          {notice.text}
        </p>
      )}
    </div>
  );
}
