import { checkMessages, readJsonBody, takeRateLimit } from "@/lib/api/limits";
import { sseResponse } from "@/lib/api/sse-response";
import { parseWith } from "@/lib/api/validate";
import { JoustError } from "@/lib/errors";
import { streamChatBatches } from "@/lib/providers";
import { sseError } from "@/lib/sse";
import { chatSchema } from "./schema";

export const dynamic = "force-dynamic";

const encoder = new TextEncoder();

/** `POST /api/chat`: streams a remote model as our SSE format (used by RemoteEngine in the browser). */
export async function POST(req: Request) {
  try {
    takeRateLimit(req);
    const { model, ...chat } = parseWith(chatSchema, await readJsonBody(req));
    checkMessages(chat.messages);
    return await sseResponse(
      streamChatBatches(model, chat, req.signal),
      (batch) => encoder.encode(batch.map((c) => `data: ${JSON.stringify(c)}\n\n`).join("")),
      (e) => sseError(e.toJSON()),
    );
  } catch (err) {
    const e = JoustError.from(err, "internal:api");
    return e.toResponse(e.type === "rate_limit" ? { "retry-after": String(e.details?.retryAfter ?? 1) } : undefined);
  }
}
