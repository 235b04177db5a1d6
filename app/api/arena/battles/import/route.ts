import { importCleanBattles } from "@/lib/arena/server/clean-battle";
import { errorResponse, readBodyText } from "@/lib/arena/server/http";
import { requireApiKey } from "@/lib/api/auth";
import { readyVoteStore } from "@/lib/votes/store";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/**
 * POST /api/arena/battles/import — FastChat clean-battle JSON array or JSONL; all-or-nothing.
 * When JOUST_API_KEYS is set, a bearer key is required (imports change the leaderboard).
 */
export async function POST(request: Request): Promise<Response> {
  try {
    requireApiKey(request.headers, "import");
    const text = await readBodyText(request, MAX_IMPORT_BYTES, "import");
    const result = await importCleanBattles(await readyVoteStore(), text);
    return Response.json(result, { status: 200 });
  } catch (err) {
    return errorResponse(err, "import");
  }
}
