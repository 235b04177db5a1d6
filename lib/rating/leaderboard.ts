/** The whole leaderboard from raw battles: filters → BT MLE + bootstrap CIs + online Elo + matrices. */
import { assertConnected, DEFAULT_L2, fitBradleyTerry, toElo } from "./bradley-terry";
import { bootstrap, ranksFromIntervals } from "./bootstrap";
import { compactBattles, outcomeTable } from "./compact";
import { onlineElo } from "./elo";
import { pairStats, predictedWinRate, winFraction } from "./matrices";
import { styleRatings } from "./style-ratings";
import type {
  Battle,
  CompactBattles,
  OutcomeTable,
  LeaderboardOptions,
  LeaderboardResult,
  LeaderboardRow,
} from "./types";

export function computeLeaderboard(battles: readonly Battle[], opts: LeaderboardOptions = {}): LeaderboardResult {
  return leaderboardFromCompact(compactBattles(battles, { ...opts, style: opts.style ?? opts.styleControl }), opts);
}

export function leaderboardFromCompact(c: CompactBattles, opts: LeaderboardOptions = {}): LeaderboardResult {
  const m = c.models.length;
  const rounds = Math.max(0, Math.floor(opts.rounds ?? 100));
  if (m === 0) {
    const empty = { models: [], matrix: [] };
    return { models: [], totalBattles: 0, rounds, winFraction: empty, battleCounts: empty, predictedWinRate: empty };
  }
  // Online Elo depends on nothing else: started first, so another thread can run it beside the fit.
  const eloDone = opts.unordered
    ? () => new Float64Array(m).fill(NaN)
    : opts.onlineEloOn
      ? opts.onlineEloOn(c, opts)
      : () => onlineElo(c, opts);
  const table = outcomeTable(c);
  assertConnected(table);
  const { rating, lower, upper, median, style } =
    opts.styleControl && (c.style || c.styleDiff) ? styleRatings(c, opts) : plainRatings(table, opts, rounds);
  const rank = ranksFromIntervals(lower, upper);
  const elo = eloDone();
  const stats = pairStats(table);
  const wf = winFraction(stats, m);

  const rows: LeaderboardRow[] = c.models.map((model, i) => ({
    model,
    rating: rating[i],
    lower: lower[i],
    upper: upper[i],
    median: median[i],
    rank: rank[i],
    battles: stats.perModel.battles[i],
    wins: stats.perModel.wins[i],
    losses: stats.perModel.losses[i],
    ties: stats.perModel.ties[i],
    elo: elo[i],
    winRate: Number.isNaN(wf.average[i]) ? null : wf.average[i],
  }));
  const order = rows.map((_, i) => i).sort((x, y) => rating[y] - rating[x] || c.models[x].localeCompare(c.models[y]));
  const names = order.map((i) => c.models[i]);
  return {
    models: order.map((i) => rows[i]),
    totalBattles: c.length,
    rounds,
    winFraction: {
      models: names,
      matrix: order.map((i) => order.map((j) => (Number.isNaN(wf.matrix[i * m + j]) ? null : wf.matrix[i * m + j]))),
    },
    battleCounts: { models: names, matrix: order.map((i) => order.map((j) => stats.battles[i * m + j])) },
    predictedWinRate: {
      models: names,
      matrix: predictedWinRate(
        order.map((i) => rating[i]),
        opts,
      ),
    },
    ...(style ? { style } : {}),
  };
}

function plainRatings(table: OutcomeTable, opts: LeaderboardOptions, rounds: number) {
  const l2 = opts.l2 ?? DEFAULT_L2;
  const fit = fitBradleyTerry(table, table.count, { l2 });
  const rating = toElo(fit.theta, table.models, opts, opts.anchor);
  const boot = bootstrap(table, { ...opts, rounds, l2, reference: fit.theta });
  // With 0 rounds (or a model absent from every round) the interval collapses to the point estimate.
  const fill = (v: Float64Array) => v.map((x, i) => (Number.isNaN(x) ? rating[i] : x));
  return { rating, lower: fill(boot.lower), upper: fill(boot.upper), median: fill(boot.median), style: undefined };
}
