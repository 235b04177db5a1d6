// Shared by the api-proxy bench and bench/ab/load.mjs: reading a streamed response's events, CPU time from
// /proc (Linux only; clock ticks of 10 ms), percentiles.
import { existsSync, readdirSync, readFileSync } from "node:fs";

/** A content event with text in it (not the empty first delta). */
export const isContentEvent = (ev) => ev.includes('"content":"') && !ev.includes('"content":""');
/** A tool-call event with an argument fragment in it (not the first, which names the call with `"arguments":""`). */
export const isArgumentsEvent = (ev) => ev.includes('"arguments":"') && !ev.includes('"arguments":""');

/**
 * Calls `onEvent` with the text of each event of `res` (a Node response), without its blank line. Split by
 * hand on 'data' (no async iteration per chunk): the client shares the CPU with what it measures.
 */
export function onSseEvents(res, onEvent) {
  res.setEncoding("utf8");
  let buf = "";
  res.on("data", (part) => {
    buf += part;
    for (let i; (i = buf.indexOf("\n\n")) !== -1; ) {
      const ev = buf.slice(0, i);
      buf = buf.slice(i + 2);
      onEvent(ev);
    }
  });
}

/** A process's /proc stat fields after its name (state is [0], the group [2], user and system ticks [11] and [12]); undefined once it is gone. */
function statFields(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
  } catch {
    return undefined;
  }
}
const cpuMsOf = (f) => (Number(f[11]) + Number(f[12])) * 10;

/** CPU time (ms) used so far by one process; NaN without /proc or once it is gone. */
export function processCpuMs(pid) {
  const f = statFields(pid);
  return f ? cpuMsOf(f) : NaN;
}

/**
 * CPU time (ms) used so far by a process group — a started child and whatever it forked (`next start` runs
 * next-server; nginx its worker); NaN without /proc.
 */
export function groupCpuMs(pgid) {
  if (!pgid || !existsSync("/proc/self/stat")) return NaN;
  let ms = 0;
  for (const d of readdirSync("/proc")) {
    if (d.charCodeAt(0) > 57) continue; // not a pid
    const f = statFields(d);
    if (f && Number(f[2]) === pgid) ms += cpuMsOf(f);
  }
  return ms;
}

/** The p-th percentile of `xs` (NaN for none). */
export function pct(xs, p) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
