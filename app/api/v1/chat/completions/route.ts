import { chatCompletions } from "@/lib/api/chat-completions";
import { preflight } from "@/lib/api/cors";
import { readJsonBody } from "@/lib/api/limits";
import { withV1 } from "@/lib/api/v1";
import { toChatMessages, toV1Request } from "@/lib/api/v1-request";
import { parseWith } from "@/lib/api/validate";
import { chatCompletionsSchema } from "./schema";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return withV1(req, async () => {
    const body = parseWith(chatCompletionsSchema, await readJsonBody(req));
    return chatCompletions(toV1Request(body, toChatMessages(body.messages)), req.signal);
  });
}

export const OPTIONS = preflight;
