/**
 * npm run leaderboard -- backfill [--all]
 *
 * Computes conv_metadata and category tags for stored votes that have none (votes stored before
 * style control existed), or for every vote with --all, a page at a time. Uses the configured store
 * (DATABASE_URL or the embedded one under JOUST_DATA_DIR). The leaderboard's feature table (vote_features)
 * follows every update in the same transaction, and votes missing from it are added at the end. Run it with the server stopped when the
 * store is the embedded one (PGlite allows one process).
 */
import { enrichVote } from "@/lib/leaderboard/enrich-vote";
import { getVoteStore } from "@/lib/votes/store";

export async function backfill(argv: string[]): Promise<number> {
  const all = argv.includes("--all");
  const store = await getVoteStore();
  let after = 0,
    seen = 0,
    updated = 0;
  try {
    for (;;) {
      const page = await store.votesToBackfill(after, 500);
      if (!page.length) break;
      after = page[page.length - 1].id;
      const updates = page
        .filter((v) => all || !v.conv_metadata)
        .map((v) => {
          const e = enrichVote({ ...v, conv_metadata: all ? undefined : v.conv_metadata, categories: v.categories });
          return { id: v.id, conv_metadata: e.conv_metadata, categories: e.categories, language: e.language };
        });
      seen += page.length;
      if (updates.length) await store.updateVoteTags(updates);
      updated += updates.length;
      process.stderr.write(`\r${seen} votes read, ${updated} updated`);
    }
    process.stderr.write(`\r${seen} votes read, ${updated} updated\n`);
    // The leaderboard's feature table follows conv_metadata by trigger; rows a bulk load skipped are written here.
    const filled = await store.fillFeatures();
    if (filled) process.stderr.write(`${filled} votes added to the leaderboard's feature table\n`);
    return 0;
  } finally {
    await store.close();
  }
}
