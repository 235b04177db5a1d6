// Sustained vote ingestion through POST /api/arena/votes (batches of 50) against the production
// server, first on embedded PGlite (default data dir in a temp dir), then on PostgreSQL (a throwaway
// cluster from scripts/pg-temp.sh). Prints votes/s, p50/p99 batch latency, and a final count check
// from the export (lost = 0, duplicated = 0) after resending some batches to prove idempotency.
//
//   npm run bench vote-ingest        env: BENCH_VOTES (10000), BENCH_CONCURRENCY (8), BENCH_PORT (3190),
//                                         BENCH_PG_PORT (54390), BENCH_TARGETS ("pglite,postgres")
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";

const VOTES = Number(process.env.BENCH_VOTES ?? 10_000);
const BATCH = 50;
const CONC = Number(process.env.BENCH_CONCURRENCY ?? 8);
const PORT = process.env.BENCH_PORT ?? "3190";
const PG_PORT = process.env.BENCH_PG_PORT ?? "54390";
const TARGETS = (process.env.BENCH_TARGETS ?? "pglite,postgres").split(",");
const TARGET_RATE = { pglite: 2000, postgres: 5000 };
const base = `http://127.0.0.1:${PORT}`;

if (!existsSync(".next/BUILD_ID")) {
  console.log("no production build: running npm run build first");
  execFileSync("npm", ["run", "build"], { stdio: "inherit" });
}

async function startServer(env) {
  const child = spawn("npx", ["next", "start", "-p", PORT, "-H", "127.0.0.1"], {
    // The bench's battles use the fake engine's models, accepted only with test models on.
    env: { ...process.env, NODE_ENV: "production", JOUST_TEST_MODELS: "1", ...env },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`${base}/api/arena/battles/export?format=jsonl`);
      if (r.ok) {
        await r.text();
        return child;
      }
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  stopServer(child);
  throw new Error("server did not start");
}

function stopServer(child) {
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {}
}

async function pool(items, n, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

async function postJson(path, body) {
  const res = await fetch(base + path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const localModels = ["a", "b", "c", "d"].map((x) => ({
  id: `fake:bench-${x}`,
  backend: "fake",
  displayName: `Bench ${x}`,
  vramMB: 100,
}));
const pct = (xs, p) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function run(target) {
  const dir = mkdtempSync(join(tmpdir(), `joust-bench-${target}-`));
  writeFileSync(
    join(dir, "joust.config.json"),
    JSON.stringify({
      models: [],
      arena: {
        voteRateLimit: { perSecond: 1e9, burst: 1e9 },
        battleRateLimit: { perSecond: 1e9, burst: 1e9 },
        tokenTtlSeconds: 3600,
      },
    }),
  );
  let pgUrl;
  const pgEnv = { ...process.env, PG_TEMP_DIR: `/tmp/joust-bench-pg-${PG_PORT}`, PG_TEMP_PORT: PG_PORT }; // postgres must own it
  if (target === "postgres") {
    try {
      const out = execFileSync("bash", ["scripts/pg-temp.sh", "start"], { env: pgEnv, encoding: "utf8" });
      pgUrl = out.match(/TEST_DATABASE_URL=(\S+)/)[1];
    } catch (e) {
      console.log(`postgres: SKIPPED (could not start a temp cluster: ${e.message.split("\n")[0]})`);
      return null;
    }
  }
  const env = {
    JOUST_DATA_DIR: join(dir, "data"),
    JOUST_CONFIG: join(dir, "joust.config.json"),
    JOUST_SECRET: "bench-secret-0123456789abcdef",
  };
  if (pgUrl) env.DATABASE_URL = pgUrl;
  else delete process.env.DATABASE_URL;
  const server = await startServer(env);
  try {
    // 1. battles (through the HTTP endpoint)
    let t = performance.now();
    const battles = await pool(Array.from({ length: VOTES }), 16, () =>
      postJson("/api/arena/battles", { mode: "anonymous", localModels, allowTwoLocal: true, localBudgetMB: 1000 }),
    );
    const battleSecs = (performance.now() - t) / 1000;

    // 2. votes, batches of 50, CONC batches in flight
    const conv = (s) => [
      { role: "user", content: "Explain the difference between a process and a thread in two sentences." },
      {
        role: "assistant",
        content: `${s}: A process has its own address space; threads share their process's memory and run concurrently within it.`,
      },
    ];
    const votes = battles.map((b) => ({
      idempotencyKey: randomUUID(),
      battleId: b.battleId,
      token: b.token,
      winner: ["model_a", "model_b", "tie", "tie (bothbad)"][Math.floor(Math.random() * 4)],
      turn: 1,
      language: "English",
      tstamp: Date.now() / 1000,
      conversation_a: conv("A"),
      conversation_b: conv("B"),
    }));
    const batches = [];
    for (let i = 0; i < votes.length; i += BATCH) batches.push(votes.slice(i, i + BATCH));
    const lat = [];
    let notStored = 0;
    t = performance.now();
    await pool(batches, CONC, async (batch) => {
      const t0 = performance.now();
      const { results } = await postJson("/api/arena/votes", { votes: batch });
      lat.push(performance.now() - t0);
      notStored += results.filter((r) => r.status !== "stored").length;
    });
    const secs = (performance.now() - t) / 1000;

    // 3. resend 10% of the batches: every vote must come back "duplicate"
    const resend = batches.filter((_, i) => i % 10 === 0);
    let dupOk = 0;
    let dupBad = 0;
    await pool(resend, CONC, async (batch) => {
      const { results } = await postJson("/api/arena/votes", { votes: batch });
      for (const r of results) r.status === "duplicate" ? dupOk++ : dupBad++;
    });

    // 4. final count from the export
    const text = await (await fetch(`${base}/api/arena/battles/export?format=jsonl`)).text();
    const rows = text.trim()
      ? text
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l))
      : [];
    const keys = new Set(rows.map((r) => r.idempotency_key));
    const lost = votes.filter((v) => !keys.has(v.idempotencyKey)).length;
    const duplicated = rows.length - keys.size;
    const rate = VOTES / secs;
    const res = {
      target,
      votes: VOTES,
      batches: batches.length,
      concurrency: CONC,
      battles_per_s: Math.round(VOTES / battleSecs),
      votes_per_s: Math.round(rate),
      target_votes_per_s: TARGET_RATE[target],
      ratio_to_target: +(rate / TARGET_RATE[target]).toFixed(2),
      p50_batch_ms: +pct(lat, 50).toFixed(1),
      p99_batch_ms: +pct(lat, 99).toFixed(1),
      not_stored: notStored,
      resent_votes: dupOk + dupBad,
      resent_duplicate: dupOk,
      resent_other: dupBad,
      exported_rows: rows.length,
      lost,
      duplicated,
      cpus: cpus().length,
      loadavg_1m: +loadavg()[0].toFixed(1),
    };
    console.log(JSON.stringify(res));
    console.log(
      `${target}: ${res.votes_per_s} votes/s (target ${res.target_votes_per_s}, ×${res.ratio_to_target}), p99 batch ${res.p99_batch_ms} ms, ` +
        `lost=${lost} duplicated=${duplicated} resent→duplicate ${dupOk}/${dupOk + dupBad}`,
    );
    return res;
  } finally {
    stopServer(server);
    await new Promise((r) => setTimeout(r, 1000));
    if (target === "postgres") execFileSync("bash", ["scripts/pg-temp.sh", "stop"], { env: pgEnv });
    rmSync(dir, { recursive: true, force: true });
  }
}

let failed = false;
for (const target of TARGETS) {
  const r = await run(target);
  if (r && (r.lost || r.duplicated || r.not_stored || r.resent_other)) failed = true;
}
process.exit(failed ? 1 : 0);
