/**
 * /api/leaderboard at scale: N votes (default 10M; BENCH_PG_VOTES) in PostgreSQL, generated in SQL into
 * a fresh schema of BENCH_DATABASE_URL (or TEST_DATABASE_URL; skipped with the reason when neither is
 * set: `eval "$(bash scripts/pg-temp.sh start)"`). Times the leaderboard service (what the route calls)
 * for the plain fit — (pair, outcome) counts aggregated in SQL — cold (first computation) and warm
 * (cached, same store version), and the stale answer served while a recomputation runs after a vote.
 * Targets: ≤ 3 s cold, ≤ 20 ms warm.   Run: npm run bench leaderboard-pg
 */
import { performance } from "node:perf_hooks";
import { LeaderboardService } from "@/lib/leaderboard/service";
import { DEFAULT_QUERY } from "@/lib/leaderboard/types";
import { openPostgres } from "@/lib/votes/sql";
import { SqlVoteStore } from "@/lib/votes/sql-store";

const URL_ = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const N = Number(process.env.BENCH_PG_VOTES ?? 10_000_000);
const MODELS = 40;
const TARGET_COLD_MS = 3000,
  TARGET_WARM_MS = 20;

if (!URL_) {
  console.log('skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL (eval "$(bash scripts/pg-temp.sh start)")');
  process.exit(0);
}

const schema = `bench_lb_${Date.now().toString(36)}`;
const admin = await openPostgres(URL_, 1);
await admin.exec(`CREATE SCHEMA ${schema}`);
const u = new URL(URL_);
u.searchParams.set("options", `-c search_path=${schema}`);
const store = await SqlVoteStore.open(await openPostgres(u.toString(), 4));
try {
  let t = performance.now();
  // Seeded, skewed outcomes: model i beats model j with probability rising in j − i.
  await store.db.query(`
    INSERT INTO votes (question_id, model_a, model_b, winner, judge, anony, tstamp, idempotency_key)
    SELECT 'q' || g, 'model-' || a, 'model-' || b,
           CASE WHEN r < 0.08 THEN 'tie' WHEN r < 0.1 THEN 'tie (bothbad)'
                WHEN r < 0.1 + 0.9 / (1 + exp((a - b) / 8.0)) THEN 'model_a' ELSE 'model_b' END,
           'bench', true, 1700000000 + g, 'k' || g
    FROM (SELECT g, a, (a + 1 + (hashint4(g * 7) & 2147483647) % ${MODELS - 1}) % ${MODELS} AS b,
                 ((hashint4(g * 13) & 2147483647) % 1000000) / 1000000.0 AS r
          FROM (SELECT g, (hashint4(g) & 2147483647) % ${MODELS} AS a FROM generate_series(1, ${N}) AS g) s) s2`);
  await store.db.query("UPDATE vote_store_meta SET value = value + 1 WHERE key = 'version'");
  await store.db.query("ANALYZE votes");
  console.log(`inserted ${N} votes in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const svc = new LeaderboardService(
    async () => store,
    async () => [],
    () => new Date(),
    { debounceMs: 0 },
  );
  const q = { ...DEFAULT_QUERY, style: false };
  t = performance.now();
  const cold = await svc.get(q);
  const coldMs = performance.now() - t;
  const warm: number[] = [];
  for (let i = 0; i < 50; i++) {
    t = performance.now();
    await svc.get(q);
    warm.push(performance.now() - t);
  }
  warm.sort((a, b) => a - b);
  const p50 = warm[25],
    p99 = warm[49];
  await store.db.query("UPDATE vote_store_meta SET value = value + 1 WHERE key = 'version'");
  t = performance.now();
  const stale = await svc.get(q);
  const staleMs = performance.now() - t;
  await svc.settled();
  console.log(`${cold.countedBattles} battles, ${cold.models.length} models, ${cold.rounds} bootstrap rounds`);
  const verdict = (x: number, target: number) => `${x <= target ? "PASS" : "MISS"} (target ≤ ${target} ms)`;
  console.log(`cold (SQL aggregation + fit + bootstrap): ${coldMs.toFixed(0)} ms ${verdict(coldMs, TARGET_COLD_MS)}`);
  console.log(`warm: p50 ${p50.toFixed(2)} ms, max of 50 ${p99.toFixed(2)} ms ${verdict(p50, TARGET_WARM_MS)}`);
  console.log(
    `after a vote: stale answer in ${staleMs.toFixed(2)} ms (stale=${stale.stale}), recomputed in the background`,
  );
} finally {
  await store.close();
  await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
  await admin.close();
}
