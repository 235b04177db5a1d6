import { importCleanBattles } from "@/lib/arena/server/clean-battle";
import { errorResponse, rateLimit, readBodyText } from "@/lib/arena/server/http";
import { requireAdminKey } from "@/lib/api/auth";
import { checkSameSite } from "@/lib/http/request-guard";
import { readyVoteStore } from "@/lib/votes/store";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const MAX_IMPORT_BYTES = 16 * 1024 * 1024;
const TYPES = ["application/json", "application/x-ndjson", "application/jsonl"];

/**
 * POST /api/arena/battles/import — FastChat clean-battle JSON array or JSONL; all-or-nothing.
 * Imports change the leaderboard: the operator key (JOUST_ADMIN_KEY) is always required.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    checkSameSite(request, "import", TYPES);
    requireAdminKey(request.headers, "import");
    rateLimit(request, "imports", { perSecond: 0.1, burst: 5 });
    const text = await readBodyText(request, MAX_IMPORT_BYTES, "import");
    const result = await importCleanBattles(await readyVoteStore(), text);
    return Response.json(result, { status: 200 });
  } catch (err) {
    return errorResponse(err, "import");
  }
}
