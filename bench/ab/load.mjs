// Steady paced load for bench/ab/side-by-side.sh: STREAMS workers against URL, started evenly over one
// stream's length (256 tokens × 20 ms), each opening a new stream when its last one ends; after that ramp,
// SECONDS of measurement. Prints one JSON line: streams measured, TTFT p50/p99 (ms), errors, and the CPU per
// relayed token (µs) of the processes PID... over the measurement (from /proc, Linux only).
// Usage: node bench/ab/load.mjs URL MODEL STREAMS SECONDS PID...
import { Agent, request } from "node:http";
import { isArgumentsEvent, isContentEvent, onSseEvents, pct, processCpuMs } from "../measure.mjs";

const [url, model, streams = "128", seconds = "12", ...pids] = process.argv.slice(2);
const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
const cpuMs = () => pids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
// AB_EXTRA: JSON merged into the body, e.g. {"logprobs":true} (see side-by-side.sh).
const body = JSON.stringify({
  model,
  messages: [{ role: "user", content: "ab" }],
  stream: true,
  ...JSON.parse(process.env.AB_EXTRA || "{}"),
});

/** One stream: its TTFT and how many content tokens came. */
function one() {
  const t0 = performance.now();
  return new Promise((resolve) => {
    let ttft = 0;
    let tokens = 0;
    const req = request(
      url,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        onSseEvents(res, (ev) => {
          // A token: a content delta, or a tool call's argument fragment (AB_MODEL …-toolstream with tools in AB_EXTRA).
          if ((isContentEvent(ev) || isArgumentsEvent(ev)) && !tokens++) ttft = performance.now() - t0;
        });
        res.on("end", () => resolve(res.statusCode === 200 && tokens ? { ttft, tokens } : { error: true }));
        res.on("error", () => resolve({ error: true }));
      },
    );
    req.on("error", () => resolve({ error: true }));
    req.end(body);
  });
}

const n = Number(streams);
const streamMs = 256 * 20;
const from = performance.now() + streamMs;
const until = from + Number(seconds) * 1000;
let tokens = 0;
let errors = 0;
let cpu0 = NaN;
let tokens0 = 0;
const ttfts = [];
setTimeout(() => {
  cpu0 = cpuMs();
  tokens0 = tokens;
}, streamMs);
await Promise.all(
  Array.from({ length: n }, async (_, i) => {
    await new Promise((r) => setTimeout(r, (i * streamMs) / n));
    while (performance.now() < until) {
      const started = performance.now();
      const r = await one();
      if (r.error) {
        errors++;
        continue;
      }
      tokens += r.tokens;
      if (started >= from) ttfts.push(r.ttft);
    }
  }),
);
const cpu = cpuMs() - cpu0;
const ms = (p) => Number(pct(ttfts, p).toFixed(2));
console.log(
  JSON.stringify({
    streams: ttfts.length,
    p50: ms(50),
    p99: ms(99),
    errors,
    cpuUsPerToken: Number(((1000 * cpu) / (tokens - tokens0)).toFixed(1)),
  }),
);
