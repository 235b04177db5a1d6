import { defaultDeps } from "@/lib/arena/server/deps";
import { errorResponse, rateLimit, readJson } from "@/lib/arena/server/http";
import { parseOr } from "@/lib/arena/server/schemas";
import { streamSide } from "@/lib/arena/server/stream";
import { requireAccess } from "@/lib/http/access-code";
import { checkSameSite } from "@/lib/http/request-guard";
import { sideStreamSchema } from "./schema";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/arena/battles/:id/stream — SSE of one remote side (model name hidden in anonymous battles). */
export async function POST(request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    checkSameSite(request, "arena");
    requireAccess(request, "arena");
    const { id } = await ctx.params;
    const deps = defaultDeps();
    rateLimit(request, "streams", deps.config().streamRate);
    const body = parseOr(sideStreamSchema, await readJson(request, 1024 * 1024, "arena"), "arena");
    return await streamSide(deps, id, body, request.signal);
  } catch (err) {
    return errorResponse(err, "arena");
  }
}
