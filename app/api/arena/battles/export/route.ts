import { exportStream, type ExportFormat } from "@/lib/arena/server/clean-battle";
import { errorResponse } from "@/lib/arena/server/http";
import { JoustError } from "@/lib/errors";
import { readyVoteStore } from "@/lib/votes/store";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const flag = (v: string | null) => v === "1" || v === "true";

/** GET /api/arena/battles/export?format=json|jsonl&anony=1&counted=1 — FastChat clean-battle download. */
export async function GET(request: Request): Promise<Response> {
  try {
    const url = new URL(request.url);
    const format = (url.searchParams.get("format") ?? "json") as ExportFormat;
    if (format !== "json" && format !== "jsonl") throw new JoustError("bad_request:arena", "format must be json or jsonl.");
    const q = { anonyOnly: flag(url.searchParams.get("anony")), countedOnly: flag(url.searchParams.get("counted")) };
    const store = await readyVoteStore();
    const day = new Date().toISOString().slice(0, 10).replaceAll("-", "");
    return new Response(exportStream(store, q, format), {
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
