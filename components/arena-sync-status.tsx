"use client";
import { useLiveQuery } from "dexie-react-hooks";
import { useEffect } from "react";
import { outboxCounts } from "@/lib/arena/outbox";
import { browserVoteSync } from "@/lib/arena/sync";
import { useOnline } from "@/lib/browser/use-online";
import { db } from "@/lib/db/db";

/** Starts the page's vote sync loop and shows the outbox: pending / synced / rejected, offline. */
export function ArenaSyncStatus() {
  const online = useOnline();
  useEffect(() => browserVoteSync(db).start(), []);
  const counts = useLiveQuery(() => outboxCounts(db), []);
  const rejected = useLiveQuery(() => db.outbox.where("state").equals("rejected").reverse().sortBy("createdAt"), []);
  const pendingError = useLiveQuery(
    async () =>
      (await db.outbox.where("state").equals("pending").sortBy("createdAt")).find((v) => v.lastError)?.lastError,
    [],
  );
  return (
    <div data-testid="arena-sync-status" className="space-y-1 text-xs text-zinc-600">
      <div className="flex flex-wrap items-center gap-3">
        <span
          data-testid="arena-online"
          data-online={online ? "1" : "0"}
          className={online ? "text-emerald-700" : "font-medium text-amber-700"}
        >
          {online ? "● online" : "● offline — votes are kept on this device"}
        </span>
        <span>Votes:</span>
        <span data-testid="sync-pending" data-count={counts?.pending ?? 0}>
          {counts?.pending ?? 0} pending
        </span>
        <span data-testid="sync-synced" data-count={counts?.synced ?? 0}>
          {counts?.synced ?? 0} synced
        </span>
        <span
          data-testid="sync-rejected"
          data-count={counts?.rejected ?? 0}
          className={counts?.rejected ? "text-red-700" : undefined}
        >
          {counts?.rejected ?? 0} rejected
        </span>
        {!!counts?.pending && (
          <button
            type="button"
            data-testid="sync-retry"
            onClick={() => void browserVoteSync(db).resumeOnline()}
            className="underline"
          >
            retry now
          </button>
        )}
      </div>
      {pendingError && counts?.pending ? (
        <p data-testid="sync-last-error" data-code={pendingError.code}>
          Last attempt: {pendingError.message}
        </p>
      ) : null}
      {rejected?.slice(0, 3).map((v) => (
        <p
          key={v.idempotencyKey}
          data-testid="sync-rejected-error"
          data-code={v.lastError?.code}
          className="text-red-700"
        >
          A vote was rejected: {v.lastError?.message}
        </p>
      ))}
    </div>
  );
}
