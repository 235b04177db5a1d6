export default function LeaderboardPage() {
  return <div className="p-4">leaderboard</div>;
}
