/** A single conversation as a Markdown document. */
import type { Conversation, StoredMessage } from "@/lib/db/client-db";

const HEADINGS = { user: "User", assistant: "Assistant", system: "System" } as const;

export function conversationToMarkdown(conversation: Conversation, messages: StoredMessage[]): string {
  const parts = [`# ${conversation.title}`, "", `Model: \`${conversation.modelId}\``];
  if (conversation.systemPrompt.trim()) parts.push("", "## System", "", conversation.systemPrompt);
  for (const m of messages) {
    parts.push("", `## ${HEADINGS[m.role]}`, "");
    parts.push(m.content || (m.error ? `_Error: ${m.error.message}_` : "_(empty)_"));
    if (m.content && m.error) parts.push("", `_Error: ${m.error.message}_`);
    if (m.finishReason === "abort") parts.push("", "_(stopped)_");
  }
  return `${parts.join("\n")}\n`;
}

/** A file-name-safe slug of a title. */
export function fileSlug(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "conversation"
  );
}
