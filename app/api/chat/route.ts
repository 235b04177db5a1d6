import { checkCapabilities } from "@/lib/api/capabilities";
import { withImageParts } from "@/lib/api/chat-images";
import { chunkText, finishJson } from "@/lib/api/chat-completions";
import { checkGeneration, checkMessages, readJsonBody, takeRateLimit } from "@/lib/api/limits";
import { richChatChoice } from "@/lib/api/rich-choices";
import { sseResponse } from "@/lib/api/sse-response";
import { parseWith } from "@/lib/api/validate";
import { JoustError } from "@/lib/errors";
import { requireAccess } from "@/lib/http/access-code";
import { checkSameSite } from "@/lib/http/request-guard";
import { chatFeed } from "@/lib/providers/remote-chat";
import type { ChoiceEvent } from "@/lib/providers/types";
import { sseErrorText } from "@/lib/sse";
import { chatSchema } from "./schema";

export const dynamic = "force-dynamic";

/** `POST /api/chat`: streams a remote model as our SSE format (used by RemoteEngine in the browser). */
export async function POST(req: Request) {
  try {
    checkSameSite(req, "api");
    requireAccess(req, "api");
    takeRateLimit(req);
    const { model, messages: sent, ...params } = parseWith(chatSchema, await readJsonBody(req));
    const { messages, rich } = withImageParts(sent);
    checkMessages(messages);
    checkGeneration(params, undefined, model);
    if (rich) checkCapabilities(model, rich);
    // The chat sends no tools, but a model may still call some: they are relayed (toolEvents).
    const chat = { ...params, messages, toolEvents: true, ...(rich ? { rich } : {}) };
    const head = `{"id":"chat-${crypto.randomUUID()}","object":"chat.completion.chunk","created":${Math.floor(Date.now() / 1000)},"model":${JSON.stringify(model)},"choices":[`;
    const encode = (batch: ChoiceEvent[]) => {
      let s = "";
      for (const e of batch) {
        if (e.toolCalls || e.toolCallsJson !== undefined) {
          const tail = e.usage ? `],"usage":${JSON.stringify(e.usage)}}` : "]}";
          s += `data: ${head}${richChatChoice(e, "", finishJson(e.finish))}${tail}\n\n`;
        } else if (e.json !== undefined || e.finish) s += `data: ${head}${chunkText(e)}\n\n`;
      }
      return s;
    };
    return await sseResponse(chatFeed(model, chat, req.signal), encode, (e) => sseErrorText(e.toJSON()));
  } catch (err) {
    const e = JoustError.from(err, "internal:api");
    return e.toResponse(e.type === "rate_limit" ? { "retry-after": String(e.details?.retryAfter ?? 1) } : undefined);
  }
}
