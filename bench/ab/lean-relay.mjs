// A measuring prototype, not product code: the least a re-framing relay does per token, on bytes. It reads the
// upstream per HTTP chunk ('data'), cuts `data: …\n\n` events from the bytes read as latin1, copies a content
// delta's JSON literal into a chunk of its own shape (own id, model name and created time) built as one Buffer
// with its chunked-encoding frame, and writes it to the socket. No checks beyond the content pattern, no
// finish reason, usage, errors, backpressure or timeouts: it bounds from below what Joust's relay could cost
// (bench/README.md, "api-proxy": the bisection). Env: AB_PORT, AB_STUB_PORT (4014), AB_STUB_KEY, AB_UP_MODEL (the stub model).
import http from "node:http";

const port = Number(process.env.AB_PORT);
const stubPort = Number(process.env.AB_STUB_PORT ?? 4014);
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, scheduling: "lifo" });
const CONTENT =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: JSON strings hold no raw control characters
  /"delta"\s*:\s*\{\s*(?:"role"\s*:\s*"assistant"\s*,\s*)?"content"\s*:\s*("(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*")/y;
const TAIL = Buffer.from(`},"logprobs":null,"finish_reason":null}]}\n\n`);

function keyAt(data, tail) {
  for (let i = data.indexOf(tail, 1); i !== -1; i = data.indexOf(tail, i + 1))
    if (data.charCodeAt(i - 1) === 34) return i - 1;
  return -1;
}

/** One content chunk as a chunked-encoding frame: size, `data: ` + head + literal + tail, CRLF. */
function frame(head, literal) {
  const n = head.length + literal.length + TAIL.length;
  const hex = n.toString(16);
  const out = Buffer.allocUnsafe(hex.length + n + 4);
  let o = out.latin1Write(hex, 0);
  out[o++] = 13;
  out[o++] = 10;
  o += head.copy(out, o);
  o += out.latin1Write(literal, o); // the literal's chars are its UTF-8 bytes (read as latin1)
  o += TAIL.copy(out, o);
  out[o++] = 13;
  out[o] = 10;
  return out;
}

http
  .createServer((req, res) => {
    const parts = [];
    req.on("data", (c) => parts.push(c));
    req.on("end", () => {
      let b;
      try {
        b = JSON.parse(Buffer.concat(parts).toString("utf8"));
      } catch {
        res.writeHead(400).end();
        return;
      }
      const name = b.model;
      b.model = process.env.AB_UP_MODEL;
      const body = JSON.stringify(b);
      const id = `chatcmpl-${crypto.randomUUID().replaceAll("-", "")}`;
      const created = Math.floor(Date.now() / 1000);
      const head = Buffer.from(
        `data: {"id":"${id}","object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(name)},"system_fingerprint":null,"choices":[{"index":0,"delta":{"content":`,
      );
      const up = http.request(
        {
          host: "127.0.0.1",
          port: stubPort,
          path: "/v1/chat/completions",
          method: "POST",
          agent,
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${process.env.AB_STUB_KEY}`,
            "content-length": Buffer.byteLength(body),
          },
        },
        (r) => {
          res.writeHead(200, { "content-type": "text/event-stream" });
          let first = true;
          let rest = "";
          r.on("data", (buf) => {
            const text = rest + buf.toString("latin1");
            let at = 0;
            for (let e = text.indexOf("\n\n"); e !== -1; e = text.indexOf("\n\n", at)) {
              const data = text.slice(at + 6, e);
              at = e + 2;
              CONTENT.lastIndex = keyAt(data, 'delta"');
              const m = CONTENT.lastIndex >= 0 ? CONTENT.exec(data) : null;
              if (!m) continue;
              const out = frame(head, m[1]);
              if (first) {
                first = false;
                res.write(out.subarray(out.indexOf(10) + 1, out.length - 2)); // the first write carries the headers
              } else res.socket.write(out);
            }
            rest = text.slice(at);
          });
          r.on("end", () => res.end("data: [DONE]\n\n"));
        },
      );
      up.on("error", () => res.destroy());
      res.on("close", () => up.destroy());
      up.end(body);
    });
  })
  .listen(port, "127.0.0.1");
