/**
 * Style-control benchmark: a seeded FastChat-shaped battle file (JSON Lines, 40 models, each battle
 * with conv_metadata as dicts of counts) of 1M battles; times Joust's style-controlled fit + 100-round
 * bootstrap, in process and end to end through `npm run -s leaderboard -- FILE --json --style-control`,
 * against FastChat's `compute_style_control` + `compute_bootstrap_style_control` on the same file.
 * Target: Joust ≥ 20× faster (computation against computation; file reading is reported apart). FastChat's
 * bootstrap runs on a pool of every CPU; the CLI splits its rounds between two threads: the verdict compares
 * the CLI's own timing of its ratings with FastChat's; Joust on one thread (in process) is printed beside it.
 *
 * FastChat is not part of Joust: point FASTCHAT_DIR at a FastChat checkout (the directory holding
 * `fastchat/serve/monitor/rating_systems.py`) and have numpy, pandas, scipy and tqdm for /usr/bin/python3
 * (Debian: apt-get install python3-numpy python3-pandas python3-scipy python3-tqdm). Without them the
 * FastChat half is skipped with the reason printed. FASTCHAT_ROUNDS (default 100) runs fewer FastChat
 * bootstrap rounds and extrapolates linearly to 100 (printed as such). BENCH_STYLE_N sets the size.
 *
 * Run: npm run bench leaderboard-style
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { scanBattles } from "@/lib/leaderboard/parse-battles";
import { CompactBuilder } from "@/lib/rating/compact";
import { createRng } from "@/lib/rating/random";
import { bootstrapStyleControl } from "@/lib/rating/style-bootstrap";
import { fitStyleControl } from "@/lib/rating/style-control";
import { styleData } from "@/lib/rating/style-ratings";

const N = Number(process.env.BENCH_STYLE_N ?? 1_000_000);
const ROUNDS = 100;
const MODELS = 40;
const TARGET_SPEEDUP = 20;
const FASTCHAT_DIR = process.env.FASTCHAT_DIR;
const FASTCHAT_ROUNDS = Number(process.env.FASTCHAT_ROUNDS ?? ROUNDS);
const PYTHON = process.env.PYTHON ?? "/usr/bin/python3";

function generate(n: number): string {
  const rng = createRng(7);
  const strength = Array.from({ length: MODELS }, (_, i) => 1.5 - (3 * i) / (MODELS - 1));
  const verbosity = Array.from({ length: MODELS }, () => 150 + 700 * rng.next());
  const lines: string[] = new Array(n);
  const int = (x: number) => Math.floor(x);
  for (let k = 0; k < n; k++) {
    const a = int(rng.next() * MODELS);
    let b = int(rng.next() * (MODELS - 1));
    if (b >= a) b++;
    const ta = int(verbosity[a] * (0.5 + rng.next())),
      tb = int(verbosity[b] * (0.5 + rng.next()));
    const ha = int(rng.next() * 4),
      hb = int(rng.next() * 4),
      la = int(rng.next() * 8),
      lb = int(rng.next() * 8),
      ba = int(rng.next() * 5),
      bb = int(rng.next() * 5);
    const z = strength[a] - strength[b] + (0.9 * (ta - tb)) / (ta + tb + 1) + (0.3 * (la - lb)) / (la + lb + 1);
    const u = rng.next();
    const winner =
      u < 0.1 ? (u < 0.03 ? "tie (bothbad)" : "tie") : rng.next() < 1 / (1 + Math.exp(-z)) ? "model_a" : "model_b";
    lines[k] = JSON.stringify({
      model_a: `model-${a}`,
      model_b: `model-${b}`,
      winner,
      anony: true,
      tstamp: 1_700_000_000 + k,
      conv_metadata: {
        sum_user_tokens: 20 + int(rng.next() * 100),
        sum_assistant_a_tokens: ta,
        sum_assistant_b_tokens: tb,
        turns: 1,
        header_count_a: { h1: ha, h2: 0, h3: 0, h4: 0, h5: 0, h6: 0 },
        header_count_b: { h1: hb, h2: 0, h3: 0, h4: 0, h5: 0, h6: 0 },
        list_count_a: { ordered: la, unordered: 0 },
        list_count_b: { ordered: 0, unordered: lb },
        bold_count_a: { "**": ba, __: 0 },
        bold_count_b: { "**": bb, __: 0 },
      },
    });
  }
  return lines.join("\n") + "\n";
}

// Wall time and CPU time (this process + its pool's children) per phase.
const FASTCHAT_SCRIPT = `
import json, os, resource, sys, time
sys.path.insert(0, os.path.join(sys.argv[1], "fastchat/serve/monitor"))
import pandas as pd
import rating_systems as rs
def cpu():
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime
t = time.time(); df = pd.read_json(sys.argv[2], lines=True); read = time.time() - t
c0 = cpu(); t = time.time(); ratings, coef = rs.compute_style_control(df); fit = time.time() - t; fit_cpu = cpu() - c0
c0 = cpu(); t = time.time(); boot, boot_coef = rs.compute_bootstrap_style_control(df, num_round=int(sys.argv[3])); bootstrap = time.time() - t; boot_cpu = cpu() - c0
print(json.dumps({"read": read, "fit": fit, "bootstrap": bootstrap, "fit_cpu": fit_cpu, "boot_cpu": boot_cpu, "coef": [float(c) for c in coef], "cpus": os.cpu_count()}))
`;

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const dir = mkdtempSync(join(tmpdir(), "joust-style-bench-"));
try {
  const file = join(dir, `style-${N}.jsonl`);
  writeFileSync(file, generate(N));
  console.log(
    `${N} battles with conv_metadata, ${MODELS} models, ${ROUNDS} bootstrap rounds (${cpus().length} CPUs, load ${loadavg()[0].toFixed(1)})`,
  );

  // Joust, in process: parse → compact → fit → bootstrap.
  let t = performance.now();
  const builder = new CompactBuilder({ style: true });
  scanBattles(readFileSync(file, "utf8"), (b) => builder.add(b));
  const compact = builder.finish();
  const parseMs = performance.now() - t;
  const c0 = cpu();
  t = performance.now();
  const d = styleData(compact);
  const fit = fitStyleControl(d);
  const fitMs = performance.now() - t;
  t = performance.now();
  bootstrapStyleControl(d, { rounds: ROUNDS, seed: 0, reference: fit.theta });
  const bootMs = performance.now() - t;
  const joustCpu = cpu() - c0;
  const joust = fitMs + bootMs;
  console.log(
    `Joust  read+parse ${s(parseMs)} | fit ${s(fitMs)} (${fit.iterations} Newton steps, |grad| ${fit.gradNorm.toExponential(1)}) | bootstrap ×${ROUNDS} ${s(bootMs)} | fit+bootstrap ${s(joust)} (cpu ${s(joustCpu)})`,
  );
  console.log(
    `       coefficients length/header/list/bold: ${Array.from(fit.theta.slice(-4))
      .map((x) => x.toFixed(4))
      .join(" ")}`,
  );

  t = performance.now();
  const cli = spawnSync("npm", ["run", "-s", "leaderboard", "--", file, "--json", "--style-control", "--timings"], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const cliMs = performance.now() - t;
  if (cli.status !== 0) throw new Error(`CLI failed: ${cli.stderr}`);
  const timings = /timings: read\+parse (\d+) ms, ratings (\d+) ms/.exec(cli.stderr);
  if (!timings) throw new Error(`the CLI printed no timings: ${cli.stderr}`);
  // The CLI splits the bootstrap rounds between two threads (FastChat's pool uses every CPU too).
  const joustCli = Number(timings[2]);
  console.log(
    `Joust  end to end through npm run -s leaderboard -- FILE --json --style-control: ${s(cliMs)} (read+parse ${s(Number(timings[1]))}, fit + bootstrap + the rest of the board on two threads ${s(joustCli)})`,
  );

  const why = !FASTCHAT_DIR
    ? "FASTCHAT_DIR is not set"
    : !existsSync(join(FASTCHAT_DIR, "fastchat/serve/monitor/rating_systems.py"))
      ? `no fastchat/serve/monitor/rating_systems.py under ${FASTCHAT_DIR}`
      : spawnSync(PYTHON, ["-c", "import numpy, pandas, scipy, tqdm"]).status !== 0
        ? `${PYTHON} lacks numpy/pandas/scipy/tqdm`
        : "";
  if (why) {
    console.log(`FastChat comparison skipped: ${why}.`);
  } else {
    const script = join(dir, "fastchat_style.py");
    writeFileSync(script, FASTCHAT_SCRIPT);
    const py = spawnSync(PYTHON, [script, FASTCHAT_DIR!, file, String(FASTCHAT_ROUNDS)], {
      encoding: "utf8",
      maxBuffer: 1 << 26,
    });
    if (py.status !== 0) throw new Error(`FastChat run failed: ${py.stderr.slice(-2000)}`);
    const r = JSON.parse(py.stdout.trim().split("\n").at(-1)!) as {
      read: number;
      fit: number;
      bootstrap: number;
      fit_cpu: number;
      boot_cpu: number;
      coef: number[];
      cpus: number;
    };
    const scale = ROUNDS / FASTCHAT_ROUNDS;
    const boot100 = r.bootstrap * scale;
    const fastchat = (r.fit + boot100) * 1000;
    const fastchatCpu = (r.fit_cpu + r.boot_cpu * scale) * 1000;
    const note =
      FASTCHAT_ROUNDS === ROUNDS
        ? ""
        : ` (measured ${FASTCHAT_ROUNDS} rounds in ${r.bootstrap.toFixed(1)} s, scaled ×${ROUNDS / FASTCHAT_ROUNDS})`;
    console.log(
      `FastChat read ${r.read.toFixed(2)} s | compute_style_control ${r.fit.toFixed(2)} s | compute_bootstrap_style_control ×${ROUNDS} ${boot100.toFixed(2)} s${note} | pool of ${r.cpus} processes`,
    );
    console.log(`         coefficients length/header/list/bold: ${r.coef.map((x) => x.toFixed(4)).join(" ")}`);
    const speedup = fastchat / joustCli,
      oneThread = fastchat / joust,
      cpuSpeedup = fastchatCpu / joustCpu;
    const verdict = (x: number) =>
      `${x.toFixed(1)}× (target ≥ ${TARGET_SPEEDUP}×) ${x >= TARGET_SPEEDUP ? "PASS" : "MISS"}`;
    console.log(
      `\nfit + ${ROUNDS}-round bootstrap, wall, every CPU each: Joust CLI ${s(joustCli)} vs FastChat ${s(fastchat)}: ${verdict(speedup)}`,
    );
    console.log(
      `fit + ${ROUNDS}-round bootstrap, wall, Joust on one thread: ${s(joust)} vs FastChat ${s(fastchat)}: ${oneThread.toFixed(1)}×`,
    );
    console.log(
      `fit + ${ROUNDS}-round bootstrap, cpu:  Joust ${s(joustCpu)} vs FastChat ${s(fastchatCpu)}: ${verdict(cpuSpeedup)}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
