import { defaultDeps } from "@/lib/arena/server/deps";
import { errorResponse, rateLimit, readJson } from "@/lib/arena/server/http";
import { parseOr } from "@/lib/arena/server/schemas";
import { submitVotes, toVoteResult } from "@/lib/arena/server/votes";
import { requireAccess } from "@/lib/http/access-code";
import { checkSameSite } from "@/lib/http/request-guard";
import { MAX_VOTE_BODY_BYTES, voteBatchSchema } from "./schema";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/arena/votes — `{votes}` (≤ 50) → `{results}`, one per vote, in order. */
export async function POST(request: Request): Promise<Response> {
  try {
    checkSameSite(request, "vote");
    requireAccess(request, "vote");
    const deps = defaultDeps();
    const { votes } = parseOr(voteBatchSchema, await readJson(request, MAX_VOTE_BODY_BYTES, "vote"), "vote");
    rateLimit(request, "votes", deps.config().voteRate, votes.length);
    const results = (await submitVotes(deps, votes)).map(toVoteResult);
    return Response.json({ results }, { headers: { "cache-control": "no-store" } });
  } catch (err) {
    return errorResponse(err, "vote");
  }
}
