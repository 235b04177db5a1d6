// The api-proxy bench's reference: a bare Node pipe proxy — read the body, swap the model name, POST it
// upstream over a keep-alive pool, write every upstream read straight back. No checks, no parsing, no
// re-framing: what any Node proxy pays on the bench's machine (an extra process, a read and a write per
// token), so the bench can show how much of Joust's added time is that floor.
// Env: REF_PORT, REF_UPSTREAM (…/v1), REF_KEY, REF_MODELS (JSON: our name → upstream model id).
import http from "node:http";

const port = Number(process.env.REF_PORT);
const upstream = `${process.env.REF_UPSTREAM}/chat/completions`;
const models = JSON.parse(process.env.REF_MODELS ?? "{}");
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, scheduling: "lifo" });

http
  .createServer((req, res) => {
    const parts = [];
    req.on("data", (c) => parts.push(c));
    req.on("end", () => {
      let body;
      try {
        const b = JSON.parse(Buffer.concat(parts).toString("utf8"));
        b.model = models[b.model] ?? b.model;
        body = JSON.stringify(b);
      } catch {
        res.writeHead(400).end();
        return;
      }
      const up = http.request(
        upstream,
        {
          method: "POST",
          agent,
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${process.env.REF_KEY}`,
            "content-length": Buffer.byteLength(body),
          },
        },
        (r) => {
          res.writeHead(r.statusCode ?? 502, { "content-type": r.headers["content-type"] ?? "text/event-stream" });
          r.on("data", (d) => res.write(d));
          r.on("end", () => res.end());
        },
      );
      up.on("error", () => res.destroy());
      res.on("close", () => up.destroy());
      up.end(body);
    });
  })
  .listen(port, "127.0.0.1", () => console.error(`reference proxy on ${port}`));
