import { importCleanBattles } from "@/lib/arena/server/clean-battle";
import { errorResponse, readBodyText } from "@/lib/arena/server/http";
import { env } from "@/lib/env";
import { JoustError } from "@/lib/errors";
import { getVoteStore } from "@/lib/votes/store";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/**
 * POST /api/arena/battles/import — FastChat clean-battle JSON array or JSONL; all-or-nothing.
 * When JOUST_API_KEYS is set, a bearer key is required (imports change the leaderboard).
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const keys = env().JOUST_API_KEYS?.split(",").map((k) => k.trim()).filter(Boolean) ?? [];
    const auth = request.headers.get("authorization");
    if (keys.length && !(auth?.startsWith("Bearer ") && keys.includes(auth.slice(7)))) {
      throw new JoustError("unauthorized:import", "Importing battles needs an API key (Authorization: Bearer …).");
    }
    const text = await readBodyText(request, MAX_IMPORT_BYTES, "import");
    const result = await importCleanBattles(await getVoteStore(), text);
    return Response.json(result, { status: 200 });
  } catch (err) {
    return errorResponse(err, "import");
  }
}
