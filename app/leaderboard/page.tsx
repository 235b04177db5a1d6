import { LeaderboardView } from "@/components/leaderboard-view";
import type { SerializedError } from "@/lib/errors";
import { safeError } from "@/lib/http/safe-error";
import { getLeaderboardService } from "@/lib/leaderboard/service";
import { DEFAULT_QUERY, type LeaderboardResponse } from "@/lib/leaderboard/types";

export const dynamic = "force-dynamic";
export const metadata = { title: "Leaderboard · Joust" };

export default async function LeaderboardPage() {
  let initial: LeaderboardResponse | null = null;
  let initialError: SerializedError | null = null;
  try {
    initial = await getLeaderboardService().get(DEFAULT_QUERY);
  } catch (e) {
    initialError = safeError(e, "internal:leaderboard", "leaderboard").toJSON();
  }
  return (
    <div className="mx-auto max-w-6xl space-y-4 p-4">
      <header>
        <h1 className="text-xl font-semibold">Leaderboard</h1>
        <p className="text-sm text-zinc-600">
          Bradley–Terry ratings from arena votes with 95% bootstrap confidence intervals, as in Chatbot Arena. A
          model&apos;s rank is 1 + the number of models that are statistically better.
        </p>
      </header>
      <LeaderboardView initial={initial} initialError={initialError} />
    </div>
  );
}
