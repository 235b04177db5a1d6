import { exportStream, type ExportFormat } from "@/lib/arena/server/clean-battle";
import { errorResponse, rateLimit } from "@/lib/arena/server/http";
import { requireAdminKey } from "@/lib/api/auth";
import { JoustError } from "@/lib/errors";
import { checkHost } from "@/lib/http/request-guard";
import { readyVoteStore } from "@/lib/votes/store";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const flag = (v: string | null) => v === "1" || v === "true";

/**
 * GET /api/arena/battles/export?format=json|jsonl&anony=1&counted=1&conversations=1 — FastChat clean-battle
 * download. The public export has the battles without their conversations (what a public leaderboard
 * needs); `conversations=1` holds every user's prompts and needs the operator key (JOUST_ADMIN_KEY).
 */
export async function GET(request: Request): Promise<Response> {
  try {
    checkHost(request.headers, "arena");
    const url = new URL(request.url);
    const withConversations = flag(url.searchParams.get("conversations"));
    if (withConversations) requireAdminKey(request.headers, "arena");
    rateLimit(request, "exports", { perSecond: 0.2, burst: 10 });
    const format = (url.searchParams.get("format") ?? "json") as ExportFormat;
    if (format !== "json" && format !== "jsonl")
      throw new JoustError("bad_request:arena", "format must be json or jsonl.");
    const q = { anonyOnly: flag(url.searchParams.get("anony")), countedOnly: flag(url.searchParams.get("counted")) };
    const store = await readyVoteStore();
    const day = new Date().toISOString().slice(0, 10).replaceAll("-", "");
    return new Response(exportStream(store, q, format, 1000, withConversations), {
      headers: {
        "content-type": format === "json" ? "application/json; charset=utf-8" : "application/x-ndjson; charset=utf-8",
        "content-disposition": `attachment; filename="clean_battle_${day}.${format}"`,
        "cache-control": "no-store",
      },
    });
  } catch (err) {
    return errorResponse(err, "arena");
  }
}
