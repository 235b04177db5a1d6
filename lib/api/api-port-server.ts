import "server-only";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Socket } from "node:net";
import type { ByteOut } from "./byte-sse";
import type { OutStream, SseOut } from "./sse-response";
import { handleV1 } from "./v1-handler";
import type { V1Output, V1Route } from "./v1-types";

/**
 * The OpenAI-compatible API on a port of its own, served from the same process as the app (started
 * by instrumentation.ts when JOUST_API_PORT is set) — as FastChat runs its openai_api_server beside
 * the web UI. Same handlers, keys, limits and errors as /api/v1 on the app's port (lib/api/v1-handler.ts);
 * what it saves is Next's per-request routing and the web-stream hops of a route handler's
 * response, which cost more than relaying a whole answer (see bench/api-proxy.bench.mjs).
 * Paths: /v1/… and /api/v1/… (models, chat/completions, completions, embeddings).
 */
const ROUTES: Record<string, V1Route> = {
  "/v1/models": "models",
  "/v1/chat/completions": "chat.completions",
  "/v1/completions": "completions",
  "/v1/embeddings": "embeddings",
};

function routeOf(url: string | undefined): V1Route | undefined {
  let path = (url ?? "/").split("?", 1)[0].replace(/\/+$/, "");
  if (path.startsWith("/api/v1/")) path = path.slice(4);
  return ROUTES[path];
}

const notFound = JSON.stringify({
  error: {
    message: "Not found: the API serves /v1/models, /v1/chat/completions, /v1/completions and /v1/embeddings.",
    type: "invalid_request_error",
    param: null,
    code: "not_found",
  },
});

/**
 * Stops the socket's idle timer while a stream writes (a timer refreshed on every write costs a few percent of
 * relaying a token); the returned function starts it again, before the stream's last write. A stream cannot
 * idle meanwhile: its upstream has an idle timeout of its own, which ends the stream even while a client that
 * stopped reading holds it paused; then this timer closes that client's socket in turn.
 */
function holdIdleTimer(res: http.ServerResponse): () => void {
  const socket = res.socket;
  const idle = socket?.timeout;
  if (!socket || !idle) return () => undefined;
  socket.setTimeout(0);
  return () => socket.setTimeout(idle);
}

/**
 * Writes a stream's headers and attaches it to the response through `makeOut`, which is told where writes after
 * the first may go. After the first write (which carries the headers), a write goes straight to the socket as
 * one chunked-encoding frame: one socket write per flush instead of ServerResponse's cork, next-tick uncork and
 * three-part writev, about a tenth of the listener's CPU per relayed token at a real model's pace
 * (bench/api-proxy). Only for a chunked response (not HTTP/1.0) that owns its socket (not a pipelined one
 * waiting its turn); otherwise every write goes through the response (`socket` is null).
 */
function sendStream<O>(
  res: http.ServerResponse,
  out: { status: number; headers: Record<string, string> },
  stream: OutStream<O>,
  makeOut: (socket: Socket | null, end: () => void) => O,
): void {
  res.writeHead(out.status, out.headers);
  const idleAgain = holdIdleTimer(res);
  const socket = res.chunkedEncoding ? res.socket : null;
  const drains = socket ?? res;
  const ready = () => stream.ready();
  drains.on("drain", ready);
  res.on("close", () => {
    drains.off("drain", ready);
    if (!res.writableFinished) void stream.cancel();
  });
  stream.attach(makeOut(socket, idleAgain), true);
}

function send(req: http.IncomingMessage, res: http.ServerResponse, out: V1Output): void {
  if ("bytes" in out) {
    // Bytes: each write after the first comes framed for the socket (byte-sse.ts).
    sendStream<ByteOut>(res, out, out.bytes, (socket, idleAgain) => {
      let headersOut = false;
      // Methods only: an object literal with a getter is a dictionary-mode object in V8 (slow loads per token).
      return {
        framed: () => headersOut && socket !== null,
        write(buf) {
          if (headersOut && socket) return socket.write(buf);
          headersOut = true;
          return res.write(buf);
        },
        end(buf) {
          idleAgain();
          res.end(buf);
        },
      };
    });
    return;
  }
  if ("sse" in out) {
    sendStream<SseOut>(res, out, out.sse, (socket, idleAgain) => {
      let headersOut = false;
      return {
        write(text) {
          if (!socket || !headersOut) {
            headersOut = true;
            return res.write(text);
          }
          return socket.write(`${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`);
        },
        end(text) {
          idleAgain();
          res.end(text);
        },
      };
    });
    return;
  }
  const body = "json" in out ? JSON.stringify(out.json) : "";
  const headers: Record<string, string | number> = { ...out.headers, "content-length": Buffer.byteLength(body) };
  if ("json" in out) headers["content-type"] = "application/json";
  // A body refused as too large is not read to its end: close the connection instead.
  if (out.status === 413) headers.connection = "close";
  res.writeHead(out.status, headers);
  res.end(req.method === "HEAD" ? undefined : body);
}

/** Routes a request on the API port to lib/api/v1-handler.ts and writes the answer back. */
function v1RequestListener(req: http.IncomingMessage, res: http.ServerResponse): void {
  const route = routeOf(req.url);
  if (!route) {
    res.writeHead(404, { "content-type": "application/json", "content-length": Buffer.byteLength(notFound) });
    res.end(notFound);
    return;
  }
  const ctl = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) ctl.abort();
  });
  const headers = {
    get(name: string): string | null {
      const v = req.headers[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
    },
  };
  handleV1(route, {
    method: req.method ?? "GET",
    headers,
    peer: () => req.socket.remoteAddress,
    body: req,
    signal: ctl.signal,
    bytes: true,
  }).then(
    (out) => send(req, res, out),
    (err: unknown) => {
      // handleV1 answers its own failures; this is a bug, not a client error.
      console.error("[joust] API listener:", err);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "Internal error.", type: "server_error", param: null, code: null } }));
    },
  );
}

/**
 * Connection limits of the API port: a client must send its headers within `headersTimeout` and its whole
 * request within `requestTimeout` (slow-loris), an idle socket closes after `idleTimeout`, and at most
 * `maxConnections` sockets are open at once (more are closed as they arrive). JOUST_API_MAX_CONNECTIONS
 * sets the cap.
 */
export interface ListenerLimits {
  headersTimeout: number;
  requestTimeout: number;
  idleTimeout: number;
  maxConnections: number;
  /** How often Node checks the header/request timeouts. */
  checkInterval: number;
}

export function listenerLimits(over: Partial<ListenerLimits> = {}): ListenerLimits {
  const cap = Number(process.env.JOUST_API_MAX_CONNECTIONS);
  return {
    headersTimeout: 15_000,
    requestTimeout: 60_000,
    idleTimeout: 300_000, // a non-streamed answer may take minutes; a stream writes as it goes
    maxConnections: Number.isInteger(cap) && cap > 0 ? cap : 2048,
    checkInterval: 5_000,
    ...over,
  };
}

/** Starts the API listener; resolves once it is listening (port 0 picks a free one: see the returned address). */
export function startApiListener(
  port: number,
  host?: string,
  limits: ListenerLimits = listenerLimits(),
): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeout,
      requestTimeout: limits.requestTimeout,
      connectionsCheckingInterval: limits.checkInterval,
    },
    v1RequestListener,
  );
  server.keepAliveTimeout = 65_000; // longer than common proxies' idle timeouts, so they never reuse a closed socket
  server.timeout = limits.idleTimeout;
  server.maxConnections = limits.maxConnections;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}
