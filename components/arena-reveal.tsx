"use client";
import type { OutboxVote } from "@/lib/db/client-db";

/** After the vote: the revealed names (from the server's answer), or why they are not shown yet. */
export function ArenaReveal({
  vote,
  online,
  anonymous,
}: {
  vote: OutboxVote | undefined;
  online: boolean;
  anonymous: boolean;
}) {
  if (!vote) return null;
  if (vote.state === "rejected") {
    return (
      <p
        role="alert"
        data-testid="arena-reveal"
        data-state="rejected"
        data-code={vote.lastError?.code}
        className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700"
      >
        The server rejected this vote: {vote.lastError?.message}
      </p>
    );
  }
  if (vote.state === "pending" || !vote.result) {
    return (
      <p
        data-testid="arena-reveal"
        data-state="pending"
        className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800"
      >
        Vote saved on this device.{" "}
        {anonymous
          ? online
            ? "Sending it… the names will appear once the server has it."
            : "Names will be revealed when you're back online."
          : online
            ? "Sending it…"
            : "It will be sent when you're back online."}
      </p>
    );
  }
  return (
    <div
      data-testid="arena-reveal"
      data-state="synced"
      className="space-y-1 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
    >
      <p>
        Model A: <strong data-testid="arena-reveal-a">{vote.result.model_a}</strong> · Model B:{" "}
        <strong data-testid="arena-reveal-b">{vote.result.model_b}</strong>
      </p>
      {anonymous && (
        <p data-testid="arena-counted" data-counted={vote.result.counted ? "1" : "0"}>
          {vote.result.counted
            ? "Your vote counts for the anonymous leaderboard. Thanks!"
            : "A reply named its model or vendor, so this vote does not count for the anonymous leaderboard."}
        </p>
      )}
    </div>
  );
}
