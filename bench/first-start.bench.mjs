// First start of the production server on a fresh data dir: from spawning `next start` to the first
// answer (GET /api/models) and to the vote store being ready (GET /api/arena/battles/export → 200),
// with a probe every 100 ms that records the slowest answer, failed connections after the first one
// (resets) and 503s while the store opens. Run twice in one go: from the build's pre-initialised PGlite
// dump (.next/joust-pglite-seed.tar.gz, the default) and with initdb (no seed), printing the ratio.
//
//   npm run bench first-start          env: BENCH_PORT (3192), BENCH_RUNS (1 per variant)
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";

const PORT = process.env.BENCH_PORT ?? "3192";
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const base = `http://127.0.0.1:${PORT}`;

if (!existsSync(".next/BUILD_ID")) execFileSync("npm", ["run", "build"], { stdio: "inherit" });
if (!existsSync(".next/joust-pglite-seed.tar.gz"))
  execFileSync("node", ["scripts/pglite-seed.mjs"], { stdio: "inherit" });

async function probe(path) {
  const t = performance.now();
  try {
    const r = await fetch(base + path, { signal: AbortSignal.timeout(60_000) });
    await r.arrayBuffer();
    return { status: r.status, ms: performance.now() - t };
  } catch (e) {
    return { status: 0, ms: performance.now() - t, err: e?.cause?.code ?? e?.name };
  }
}

async function firstStart(seeded) {
  const dir = mkdtempSync(join(tmpdir(), "joust-first-start-"));
  const config = join(dir, "joust.config.json");
  writeFileSync(config, JSON.stringify({ models: [] }));
  const env = {
    ...process.env,
    NODE_ENV: "production",
    JOUST_DATA_DIR: dir,
    JOUST_CONFIG: config,
    JOUST_SECRET: "bench-secret-0123456789abcdef",
  };
  if (!seeded) env.JOUST_PGLITE_SEED = join(dir, "no-seed.tar.gz");
  delete env.JOUST_API_PORT;
  const t0 = performance.now();
  const child = spawn("npx", ["next", "start", "-p", PORT, "-H", "127.0.0.1"], {
    env,
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  let listening,
    storeReady,
    slowest = 0,
    resets = 0,
    unavailable = 0;
  try {
    while (performance.now() - t0 < 180_000 && storeReady === undefined) {
      const [models, store] = await Promise.all([
        probe("/api/models"),
        probe("/api/arena/battles/export?format=jsonl"),
      ]);
      if (listening === undefined && models.status === 200) listening = performance.now() - t0;
      // Every answered probe counts, the first one included: it may have waited for the store to open.
      slowest = Math.max(slowest, models.status ? models.ms : 0, store.status ? store.ms : 0);
      if (listening !== undefined && (models.status === 0 || store.status === 0)) resets++;
      if (store.status === 503) unavailable++;
      if (store.status === 200) storeReady = performance.now() - t0;
      else await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
    await new Promise((r) => setTimeout(r, 1000));
    rmSync(dir, { recursive: true, force: true });
  }
  return { listening, storeReady, slowest, resets, unavailable };
}

const fmt = (ms) => (ms === undefined ? "never" : `${(ms / 1000).toFixed(2)} s`);
const results = { seeded: [], initdb: [] };
for (let i = 0; i < RUNS; i++) for (const v of ["seeded", "initdb"]) results[v].push(await firstStart(v === "seeded"));
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")}`,
);
for (const [v, rs] of Object.entries(results)) {
  for (const r of rs) {
    console.log(
      `${v.padEnd(7)} first answer ${fmt(r.listening)} · store ready ${fmt(r.storeReady)} · slowest answer ${Math.round(r.slowest)} ms · resets ${r.resets} · 503s ${r.unavailable}`,
    );
  }
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pick = (v, k) => med(results[v].map((r) => r[k] ?? Infinity));
const line = (label, k) => {
  const [s, n] = [pick("seeded", k), pick("initdb", k)];
  console.log(`${label}: seeded ${fmt(s)} vs initdb ${fmt(n)} (initdb / seeded = ${(n / s).toFixed(1)}×)`);
};
line("first answer after spawn", "listening");
line("store ready after spawn", "storeReady");
line("slowest request while it opened", "slowest");
if (results.seeded.some((r) => r.storeReady === undefined || r.resets > 0)) process.exitCode = 1;
