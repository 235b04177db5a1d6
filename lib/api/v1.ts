import "server-only";
import { listPublicModels } from "@/lib/providers";
import { requireApiKey } from "./auth";
import { corsHeaders } from "./cors";
import { takeRateLimit } from "./limits";
import { openAiErrorResponse } from "./openai-errors";

/**
 * Wraps an /api/v1 handler: CORS, bearer key (JOUST_API_KEYS), per-key/IP rate limit,
 * and every failure as OpenAI's `{error:{message,type,param,code}}` with its status.
 */
export async function withV1(req: Request, handle: () => Promise<Response>, opts: { rateLimit?: boolean } = {}): Promise<Response> {
  const cors = corsHeaders(req);
  try {
    requireApiKey(req);
    if (opts.rateLimit !== false) takeRateLimit(req);
    const res = await handle();
    for (const [k, v] of Object.entries(cors)) res.headers.set(k, v);
    return res;
  } catch (err) {
    return openAiErrorResponse(err, cors);
  }
}

/** `GET /v1/models`: the configured, available remote models (in-browser models are not served here). */
export async function v1ModelList(): Promise<Response> {
  const models = await listPublicModels();
  return Response.json({
    object: "list",
    data: models.filter((m) => m.available).map((m) => ({ id: m.name, object: "model", created: 0, owned_by: m.organization ?? m.provider })),
  });
}
