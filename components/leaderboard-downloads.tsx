/** Download links for the FastChat clean-battle export (GET /api/arena/battles/export). */
const EXPORT = "/api/arena/battles/export";

export function LeaderboardDownloads() {
  const link = "rounded border border-zinc-300 px-2 py-0.5 hover:bg-zinc-100";
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm text-zinc-600" data-testid="leaderboard-downloads">
      <span title="Every stored vote in FastChat's clean_battle format (importable with POST /api/arena/battles/import or the leaderboard CLI)">
        Download battles:
      </span>
      <a href={`${EXPORT}?format=json`} download className={link} data-testid="download-battles-json">
        JSON
      </a>
      <a href={`${EXPORT}?format=jsonl`} download className={link} data-testid="download-battles-jsonl">
        JSONL
      </a>
    </div>
  );
}
