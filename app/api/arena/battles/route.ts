import { createBattle } from "@/lib/arena/server/battles";
import { defaultDeps } from "@/lib/arena/server/deps";
import { errorResponse, rateLimit, readJson } from "@/lib/arena/server/http";
import { parseOr } from "@/lib/arena/server/schemas";
import { requireAccess } from "@/lib/http/access-code";
import { checkSameSite } from "@/lib/http/request-guard";
import { clientKey } from "@/lib/rate-limit";
import { createBattleSchema } from "./schema";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/arena/battles — draw (or validate) a pair, store the battle, return its signed token. */
export async function POST(request: Request): Promise<Response> {
  try {
    checkSameSite(request, "arena");
    requireAccess(request, "arena");
    const deps = defaultDeps();
    rateLimit(request, "battles", deps.config().battleRate);
    const body = parseOr(createBattleSchema, await readJson(request, 64 * 1024, "arena"), "arena");
    const battle = await createBattle(deps, body, clientKey(request));
    return Response.json(battle, { status: 201, headers: { "cache-control": "no-store" } });
  } catch (err) {
    return errorResponse(err, "arena");
  }
}
