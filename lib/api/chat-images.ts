import type { ContentPart, RichMessage, RichParams } from "@/lib/chat-protocol/tools";
import type { ChatMessage } from "@/lib/chat-protocol/types";

/**
 * The app chat's messages (`images` beside the text) → the plain messages every layer counts, plus,
 * when any user turn carries images, OpenAI's rich form: that turn as a text part followed by one
 * `image_url` part per image. The rich form is what /v1 builds for image parts, so the same
 * capability and image checks (./capabilities) and the same upstream mapping apply.
 */
export function withImageParts(messages: ChatMessage[]): { messages: ChatMessage[]; rich?: RichParams } {
  let any = false;
  const plain: ChatMessage[] = [];
  const rich: RichMessage[] = [];
  for (const m of messages) {
    plain.push({ role: m.role, content: m.content });
    if (m.role === "user" && m.images?.length) {
      any = true;
      const parts: ContentPart[] = m.content ? [{ type: "text", text: m.content }] : [];
      for (const url of m.images) parts.push({ type: "image_url", image_url: { url } });
      rich.push({ role: "user", content: parts });
    } else rich.push({ role: m.role, content: m.content });
  }
  return any ? { messages: plain, rich: { messages: rich } } : { messages: plain };
}
