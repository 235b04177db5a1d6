import { JoustError } from "@/lib/errors";
import { checkHost } from "@/lib/http/request-guard";
import { safeError } from "@/lib/http/safe-error";
import { clientKey, RateLimiter } from "@/lib/rate-limit";
import { getLeaderboardService } from "@/lib/leaderboard/service";
import { parseLeaderboardQuery } from "./schema";

export const dynamic = "force-dynamic";

const LIMITER = Symbol.for("joust.leaderboardLimiter");
/** Per client: 5 requests a second, bursts of 30 (a page load makes two). */
function leaderboardRateLimit(request: Request): void {
  const g = globalThis as { [LIMITER]?: RateLimiter };
  const wait = (g[LIMITER] ??= new RateLimiter(5, 30)).take(clientKey(request));
  if (wait > 0)
    throw new JoustError("rate_limit:leaderboard", `Too many leaderboard requests; retry in ${wait} s.`, {
      retryAfter: wait,
    });
}

const retryHeaders = (e: unknown) =>
  e instanceof JoustError && typeof e.details?.retryAfter === "number"
    ? { "retry-after": String(e.details.retryAfter) }
    : undefined;

export async function GET(request: Request): Promise<Response> {
  try {
    checkHost(request.headers, "leaderboard");
    leaderboardRateLimit(request);
  } catch (e) {
    return safeError(e, "internal:leaderboard", "leaderboard").toResponse(retryHeaders(e));
  }
  const parsed = parseLeaderboardQuery(new URL(request.url).searchParams);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return new JoustError(
      "bad_request:leaderboard",
      `Invalid query: ${issue.path.join(".") || "query"}: ${issue.message}`,
      {
        field: issue.path.join("."),
      },
    ).toResponse();
  }
  try {
    const board = await getLeaderboardService().get(parsed.data);
    return Response.json(board, { headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    return safeError(e, "internal:leaderboard", "leaderboard").toResponse();
  }
}
