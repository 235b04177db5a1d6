import { textCompletions } from "@/lib/api/chat-completions";
import { preflight } from "@/lib/api/cors";
import { readJsonBody } from "@/lib/api/limits";
import { withV1 } from "@/lib/api/v1";
import { toV1Request } from "@/lib/api/v1-request";
import { parseWith } from "@/lib/api/validate";
import { completionsSchema } from "./schema";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return withV1(req, async () => {
    const body = parseWith(completionsSchema, await readJsonBody(req));
    const prompt = Array.isArray(body.prompt) ? body.prompt[0] : body.prompt;
    return textCompletions(toV1Request(body, [{ role: "user", content: prompt }]), req.signal);
  });
}

export const OPTIONS = preflight;
