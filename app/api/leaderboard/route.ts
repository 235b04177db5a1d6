import { JoustError } from "@/lib/errors";
import { getLeaderboardService } from "@/lib/leaderboard/service";
import { parseLeaderboardQuery } from "./schema";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const parsed = parseLeaderboardQuery(new URL(request.url).searchParams);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return new JoustError("bad_request:leaderboard", `Invalid query: ${issue.path.join(".") || "query"}: ${issue.message}`, {
      field: issue.path.join("."),
    }).toResponse();
  }
  try {
    const board = await getLeaderboardService().get(parsed.data);
    return Response.json(board, { headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    return JoustError.from(e, "internal:leaderboard").toResponse();
  }
}
