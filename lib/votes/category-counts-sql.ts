/**
 * Migration v9: `vote_category_counts`, the leaderboard's category list kept up to date — votes per category
 * tag and per value of the three flags the leaderboard filters on (anony, counted, client_attested): a few
 * rows per tag whatever the vote count. Listing the categories used to scan every vote (`unnest(categories)`),
 * seconds at 10M votes on every cold computation. Statement-level triggers with transition tables keep it in
 * step with every insert, update (the tagger and the backfill set tags) and delete of votes, set-based.
 * A query with a time window still scans votes.
 */

const KEY = "category, anony, counted, client_attested";

/** Adds the signed counts of `rows` (a SELECT of categories, the flags and `d`, ±1 per row) to the table. */
const apply = (rows: string) => `
  INSERT INTO vote_category_counts (${KEY}, n)
  SELECT c, anony, counted, client_attested, sum(d) FROM (${rows}) AS r CROSS JOIN LATERAL unnest(r.categories) AS c
  GROUP BY c, anony, counted, client_attested HAVING sum(d) <> 0
  ON CONFLICT (${KEY}) DO UPDATE SET n = vote_category_counts.n + EXCLUDED.n;`;

const COLS = "categories, anony, counted, client_attested";

const fn = (name: string, body: string) => `
CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN${body}
  RETURN NULL;
END
$$`;

const trigger = (name: string, event: string, tables: string, func: string) => [
  `DROP TRIGGER IF EXISTS ${name} ON votes`,
  `CREATE TRIGGER ${name} AFTER ${event} ON votes REFERENCING ${tables}
     FOR EACH STATEMENT EXECUTE FUNCTION ${func}()`,
];

export const CATEGORY_COUNTS_MIGRATION: string[] = [
  `CREATE TABLE IF NOT EXISTS vote_category_counts (
    category        TEXT NOT NULL,
    anony           BOOLEAN NOT NULL,
    counted         BOOLEAN NOT NULL,
    client_attested BOOLEAN NOT NULL,
    n               BIGINT NOT NULL,
    PRIMARY KEY (${KEY}))`,
  fn("joust_category_counts_insert", apply(`SELECT ${COLS}, 1 AS d FROM new_votes`)),
  fn("joust_category_counts_delete", apply(`SELECT ${COLS}, -1 AS d FROM old_votes`)),
  fn(
    "joust_category_counts_update",
    apply(`SELECT ${COLS}, 1 AS d FROM new_votes UNION ALL SELECT ${COLS}, -1 AS d FROM old_votes`),
  ),
  ...trigger("votes_category_counts_insert", "INSERT", "NEW TABLE AS new_votes", "joust_category_counts_insert"),
  ...trigger("votes_category_counts_delete", "DELETE", "OLD TABLE AS old_votes", "joust_category_counts_delete"),
  ...trigger(
    "votes_category_counts_update",
    "UPDATE",
    "OLD TABLE AS old_votes NEW TABLE AS new_votes",
    "joust_category_counts_update",
  ),
  // Counted from votes (which may already hold rows when these statements run again).
  "DELETE FROM vote_category_counts",
  `INSERT INTO vote_category_counts (${KEY}, n)
   SELECT c, anony, counted, client_attested, count(*) FROM votes CROSS JOIN LATERAL unnest(categories) AS c
   GROUP BY c, anony, counted, client_attested`,
];
