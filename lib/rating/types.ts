/** A vote's outcome, in FastChat's clean-battle words. */
export type Winner = "model_a" | "model_b" | "tie" | "tie (bothbad)";

/** One battle, FastChat clean-battle fields (structurally compatible with BattleOutcome). */
export interface Battle {
  model_a: string;
  model_b: string;
  winner: Winner;
  /** Missing = anonymous (FastChat's default for arena battles). */
  anony?: boolean;
  /** Seconds since epoch. */
  tstamp?: number;
  /** FastChat's per-battle counts (style control reads them); numbers or dicts of counts. */
  conv_metadata?: unknown;
  /** Joust's category tags (coding, math, english, …). */
  categories?: readonly string[];
  /** FastChat's judge tags (criteria_v0.1, math_v0.1, …), is_code, language, turn. */
  category_tag?: unknown;
  is_code?: unknown;
  language?: unknown;
  turn?: unknown;
}

export interface BattleFilter {
  /** Only anonymous battles (default true). */
  anonyOnly?: boolean;
  /** Drop "tie" and "tie (bothbad)" battles before every statistic (default false). */
  excludeTies?: boolean;
  /** Drop models (and their battles) with fewer battles than this, after the other filters (default 0). */
  minBattles?: number;
  /** Inclusive tstamp bounds in seconds. */
  fromTstamp?: number;
  toTstamp?: number;
  /** Only battles in this category (see categories.ts); empty = all. */
  category?: string;
  /** Keep each battle's style counts (battles without usable conv_metadata are then left out). */
  style?: boolean;
}

/** Outcome codes in the compact arrays. */
export const A_WINS = 0;
export const B_WINS = 1;
export const TIE = 2;

/** Battles as parallel typed arrays over model indices, in battle order. */
export interface CompactBattles {
  models: string[];
  a: Int32Array;
  b: Int32Array;
  outcome: Uint8Array;
  length: number;
  /** length × 8 style counts (A's tokens, headers, lists, bold, then B's) when built with `style`. */
  style?: Float64Array;
  /** length × 4 raw style features, (A − B) / (A + B + 1) per count (the vote store's form), in place of `style`. */
  styleDiff?: Float64Array;
  /**
   * Set beside a `styleDiff` in shared memory that nothing else holds (the vote store's reads): the first
   * computation then standardises the features in place instead of into a copy (at 10M battles, 320 MB not
   * allocated and written), and records here, in shared memory too, the length they were standardised over
   * (0: still raw). Copies and shortened views of the battles do not carry it.
   */
  styleScaled?: Float64Array;
  /** Battles left out for lacking usable conv_metadata (style mode). */
  styleSkipped?: number;
}

/**
 * Deduplicated (pair, outcome) counts: row i says model `a[i]` scored `score[i]`
 * (1 win, 0 loss, 0.5 tie) against `b[i]`, `count[i]` times; `a[i] < b[i]`.
 */
export interface OutcomeTable {
  models: string[];
  a: Int32Array;
  b: Int32Array;
  score: Float64Array;
  count: Float64Array;
  rows: number;
  /** Σ count — the number of battles. */
  total: number;
}

export interface Anchor {
  model: string;
  rating: number;
}

export interface RatingScale {
  /** Default 400. */
  scale?: number;
  /** Default 10. */
  base?: number;
  /** Default 1000. */
  initRating?: number;
}

export interface BootstrapOptions extends RatingScale {
  rounds?: number;
  seed?: number | string;
  anchor?: Anchor;
  /** L2 prior strength (in battles) that keeps sparse/separable fits finite. */
  l2?: number;
}

export interface BootstrapResult {
  /** rounds × models, Elo scale; NaN where a model had no battles in that round. */
  samples: Float64Array;
  rounds: number;
  lower: Float64Array;
  upper: Float64Array;
  median: Float64Array;
}

export interface BootstrapRun extends BootstrapOptions {
  /**
   * The full-data fit (θ). Used as the warm start and, without an anchor, as the gauge: each round is
   * shifted to agree with it on the battle-weighted mean, so a model absent from a round (or a sparse
   * model whose rating runs off) does not move everyone else's rating and widen their intervals.
   */
  reference?: Float64Array;
}

/** The style-controlled fit's input (lib/rating/style-control.ts). */
export interface StyleData {
  /** Number of models. */
  models: number;
  n: number;
  a: Int32Array;
  b: Int32Array;
  /** 1 / 0.5 / 0 per battle. */
  y: Float64Array;
  /** n × STYLE_K standardised features. */
  x: Float64Array;
}

/**
 * Another thread that sums chunks of a split pass (style-pass.ts SPLIT_MIN, passChunks). `start` opens the
 * pass (false: it cannot take it); the caller then takes chunks with `claim` until none is left, summing each
 * into `slot(c)`, while the helper takes the others; `sums(c)` is chunk c's sums in either case (waiting for
 * the helper's), or null when the helper's did not come in time (the caller then sums that chunk itself:
 * the result never depends on the helper).
 */
export interface PassHelper {
  start(
    d: StyleData,
    theta: Float64Array,
    alpha: number,
    count: number,
    chunks: number,
    withHess: boolean,
    withLoss: boolean,
  ): boolean;
  /** The next chunk for the calling thread; `chunks` or more when none is left. */
  claim(): number;
  /** Where the calling thread sums a chunk it claimed. */
  slot(c: number): Float64Array;
  sums(c: number): Float64Array | null;
  /** The fit is over: the helper is free for other work. */
  end(): void;
}

/** Style-controlled bootstrap samples: rounds × models ratings (NaN: absent that round), rounds × STYLE_K coefficients. */
export interface StyleBootstrap {
  ratings: Float64Array;
  coefficients: Float64Array;
  rounds: number;
}

/** Runs the style-controlled bootstrap (style-bootstrap.ts's, or one that splits its rounds across threads). */
export type StyleBootstrapRun = (
  d: StyleData,
  opts: { rounds: number; seed: number | string; reference: Float64Array },
) => StyleBootstrap;

export interface LeaderboardOptions extends BattleFilter, BootstrapOptions {
  /** Rate with FastChat's style-controlled Bradley–Terry (needs compact battles built with `style`). */
  styleControl?: boolean;
  /** How to run the style-controlled bootstrap (default: bootstrapStyleControl, on this thread). */
  styleBootstrap?: StyleBootstrapRun;
  /**
   * Starts the online Elo elsewhere (another thread) while the fit runs here; the returned function
   * waits for it. Default: computed here, in order.
   */
  onlineEloOn?: (c: CompactBattles, opts: RatingScale) => () => Float64Array;
  /** Another thread for chunks of each pass of the style-controlled point fit (lib/leaderboard/pass-thread.ts). */
  stylePasses?: PassHelper;
  /** The battles are not in time order (e.g. expanded from aggregated counts): online Elo is NaN. */
  unordered?: boolean;
}

export interface LeaderboardRow {
  model: string;
  /** Bradley–Terry MLE on all (filtered) battles, Elo scale. */
  rating: number;
  /** 2.5% / 97.5% bootstrap quantiles and the bootstrap median. */
  lower: number;
  upper: number;
  median: number;
  /** 1 + number of models whose lower bound is above this model's upper bound. */
  rank: number;
  battles: number;
  wins: number;
  losses: number;
  ties: number;
  /** Online Elo (K=4) in battle order. */
  elo: number;
  /** Mean pairwise win fraction against the opponents it met (ties excluded); null when it has only ties. */
  winRate: number | null;
}

export interface Matrix<T> {
  models: string[];
  /** matrix[i][j] is about models[i] (row) against models[j] (column). */
  matrix: T[][];
}

export interface LeaderboardResult {
  /** Sorted by rating, best first. */
  models: LeaderboardRow[];
  totalBattles: number;
  rounds: number;
  /** Fraction of non-tie battles the row model won against the column model; null where they never met. */
  winFraction: Matrix<number | null>;
  /** Battles (ties included) between row and column model. */
  battleCounts: Matrix<number>;
  /** P(row beats column) predicted from the ratings (FastChat `predict_win_rate`). */
  predictedWinRate: Matrix<number>;
  /** Present for a style-controlled fit: coefficients on the standardised features, with CIs. */
  style?: StyleResult;
}

export interface StyleCoefficient {
  value: number;
  lower: number;
  upper: number;
}

export interface StyleResult {
  coefficients: { length: StyleCoefficient; header: StyleCoefficient; list: StyleCoefficient; bold: StyleCoefficient };
  /** Battles left out for lacking conv_metadata. */
  skipped: number;
}
