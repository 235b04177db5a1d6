import { chunkText } from "@/lib/api/chat-completions";
import { checkGeneration, checkMessages, readJsonBody, takeRateLimit } from "@/lib/api/limits";
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
    const { model, ...chat } = parseWith(chatSchema, await readJsonBody(req));
    checkMessages(chat.messages);
    checkGeneration(chat, undefined, model);
    const head = `{"id":"chat-${crypto.randomUUID()}","object":"chat.completion.chunk","created":${Math.floor(Date.now() / 1000)},"model":${JSON.stringify(model)},"choices":[`;
    const encode = (batch: ChoiceEvent[]) => {
      let s = "";
      for (const e of batch) if (e.json !== undefined || e.finish) s += `data: ${head}${chunkText(e)}\n\n`;
      return s;
    };
    return await sseResponse(chatFeed(model, chat, req.signal), encode, (e) => sseErrorText(e.toJSON()));
  } catch (err) {
    const e = JoustError.from(err, "internal:api");
    return e.toResponse(e.type === "rate_limit" ? { "retry-after": String(e.details?.retryAfter ?? 1) } : undefined);
  }
}
