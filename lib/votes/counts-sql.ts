/**
 * Migration v5: `vote_counts`, the plain fit's input kept up to date — vote_features rows counted per
 * (model_a, model_b, outcome) and per value of the three flags the leaderboard filters on (anony, counted,
 * client_attested): at most models² × 3 × 8 rows whatever the vote count. Statement-level triggers with
 * transition tables keep it in step, set-based, in the same transaction as every change to vote_features
 * (one vote, or a bulk fill of millions). Queries with a time window or a category read vote_features.
 */

import { statementTrigger, triggerFunction } from "./trigger-sql";

export const COUNTS_KEY = "model_a, model_b, outcome, anony, counted, client_attested";
const KEY = COUNTS_KEY;

/** Adds the signed counts of `rows` (a SELECT of KEY columns and `d`, ±1 per row) to vote_counts. */
export const applyCounts = (rows: string) => `
  INSERT INTO vote_counts (${KEY}, n)
  SELECT ${KEY}, sum(d) FROM (${rows}) AS r GROUP BY ${KEY} HAVING sum(d) <> 0
  ON CONFLICT (${KEY}) DO UPDATE SET n = vote_counts.n + EXCLUDED.n;`;

const fn = triggerFunction;
const trigger = (name: string, event: string, tables: string, func: string) =>
  statementTrigger("vote_features", name, event, tables, func);

export const COUNTS_MIGRATION: string[] = [
  `CREATE TABLE IF NOT EXISTS vote_counts (
    model_a         INTEGER NOT NULL,
    model_b         INTEGER NOT NULL,
    outcome         SMALLINT NOT NULL,
    anony           BOOLEAN NOT NULL,
    counted         BOOLEAN NOT NULL,
    client_attested BOOLEAN NOT NULL,
    n               BIGINT NOT NULL,
    PRIMARY KEY (${KEY}))`,
  fn("joust_counts_insert", applyCounts(`SELECT ${KEY}, 1 AS d FROM new_rows`)),
  fn("joust_counts_delete", applyCounts(`SELECT ${KEY}, -1 AS d FROM old_rows`)),
  fn(
    "joust_counts_update",
    applyCounts(`SELECT ${KEY}, 1 AS d FROM new_rows UNION ALL SELECT ${KEY}, -1 AS d FROM old_rows`),
  ),
  ...trigger("vote_features_counts_insert", "INSERT", "NEW TABLE AS new_rows", "joust_counts_insert"),
  ...trigger("vote_features_counts_delete", "DELETE", "OLD TABLE AS old_rows", "joust_counts_delete"),
  ...trigger(
    "vote_features_counts_update",
    "UPDATE",
    "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "joust_counts_update",
  ),
  // Recounted from vote_features (which may already hold rows when these statements run again).
  "DELETE FROM vote_counts",
  `INSERT INTO vote_counts (${KEY}, n) SELECT ${KEY}, count(*) FROM vote_features GROUP BY ${KEY}`,
];
