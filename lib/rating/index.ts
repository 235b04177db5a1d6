export * from "./types";
export { compactBattles, outcomeTable } from "./compact";
export { onlineElo } from "./elo";
export { assertConnected, components, fitBradleyTerry, toElo, DEFAULT_L2 } from "./bradley-terry";
export { bootstrap, quantile, ranksFromIntervals } from "./bootstrap";
export { pairStats, predictedWinRate, winFraction } from "./matrices";
export { computeLeaderboard, leaderboardFromCompact } from "./leaderboard";
export { createRng, binomial, multinomial } from "./random";
export { inCategory, languageCategory, CATEGORIES, LONG_QUERY_TOKENS, HARD_PROMPT_MIN_CRITERIA } from "./categories";
export { fitStyleControl, styleObjective, STYLE_REG, type StyleData } from "./style-control";
export { bootstrapStyleControl } from "./style-bootstrap";
export {
  STYLE_FEATURES,
  emptyStyleData,
  readStyleCounts,
  styleFeatureMatrix,
  type ConvMetadata,
} from "./style-features";
export { styleData, styleRatings } from "./style-ratings";
