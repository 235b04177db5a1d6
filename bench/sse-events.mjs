// Shared by the api-proxy bench and bench/ab/load.mjs: a streamed response's SSE events, split by hand on
// 'data' (no async iteration per chunk: the client shares the CPU with what it measures).

/** A content event with text in it (not the empty first delta). */
export const isContentEvent = (ev) => ev.includes('"content":"') && !ev.includes('"content":""');

/** Calls `onEvent` with the text of each event of `res` (a Node response), without its blank line. */
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
