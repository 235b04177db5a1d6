// `npm run bench [name...]`: runs every bench/*.bench.{mjs,ts} (or the named ones) in turn.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";

const wanted = process.argv.slice(2);
const files = readdirSync("bench")
  .filter((f) => /\.bench\.(mjs|ts)$/.test(f))
  .filter((f) => !wanted.length || wanted.some((w) => f.includes(w)))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n=== bench/${f} ===`);
  // react-server: TypeScript benches may load server modules (import "server-only" is then a no-op).
  const cmd = f.endsWith(".ts")
    ? ["npx", ["tsx", "--conditions=react-server", `bench/${f}`]]
    : ["node", [`bench/${f}`]];
  const r = spawnSync(cmd[0], cmd[1], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
if (!files.length) console.log("no benchmarks matched");
process.exit(failed ? 1 : 0);
