import { defaultDeps } from "@/lib/arena/server/deps";
import { errorResponse, rateLimit, readJson } from "@/lib/arena/server/http";
import { parseOr } from "@/lib/arena/server/schemas";
import { submitVotes, toVoteResult } from "@/lib/arena/server/votes";
import { JoustError } from "@/lib/errors";
import { requireAccess } from "@/lib/http/access-code";
import { checkSameSite } from "@/lib/http/request-guard";
import { MAX_SINGLE_VOTE_BYTES, singleVoteSchema } from "./schema";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * POST /api/arena/battles/:id/vote — one vote: 201 stored, 200 duplicate (same idempotency key),
 * 401 malformed / 403 forged token, 404 unknown battle, 409 second vote, 410 expired.
 */
export async function POST(request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    checkSameSite(request, "vote");
    requireAccess(request, "vote");
    const { id } = await ctx.params;
    const deps = defaultDeps();
    rateLimit(request, "votes", deps.config().voteRate);
    const body = parseOr(singleVoteSchema, await readJson(request, MAX_SINGLE_VOTE_BYTES, "vote"), "vote");
    if (body.battleId !== undefined && body.battleId !== id)
      throw new JoustError("bad_request:vote", "battleId does not match the URL.");
    const [outcome] = await submitVotes(deps, [{ ...body, battleId: id }]);
    const result = toVoteResult(outcome);
    if (result.status === "rejected") return Response.json({ error: result.error }, { status: outcome.httpStatus });
    return Response.json(result, { status: outcome.httpStatus });
  } catch (err) {
    return errorResponse(err, "vote");
  }
}
