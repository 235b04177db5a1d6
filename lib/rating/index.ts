export * from "./types";
export { compactBattles, outcomeTable } from "./compact";
export { onlineElo } from "./elo";
export { assertConnected, components, fitBradleyTerry, toElo, DEFAULT_L2 } from "./bradley-terry";
export { bootstrap, quantile, ranksFromIntervals } from "./bootstrap";
export { pairStats, winFraction } from "./matrices";
export { computeLeaderboard, leaderboardFromCompact } from "./leaderboard";
export { createRng, binomial, multinomial } from "./random";
