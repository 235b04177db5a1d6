import "server-only";
import http from "node:http";
import https from "node:https";
import { urlToHttpOptions } from "node:url";
import { type OPENAI_FLAVORS, openAiEndpoint } from "./adapters/openai";
import type { ModelEntry } from "./config";

// The HTTP side of the streaming passthrough (./openai-stream.ts): where an entry's requests go, worked out once
// per entry, and a POST over keep-alive pools.

// Keep-alive pools with no per-origin socket cap, so hundreds of concurrent streams never queue for a socket.
const AGENTS = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: Infinity, scheduling: "lifo" }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: Infinity, scheduling: "lifo" }),
};

/** Where an entry's requests go, worked out once per configured entry (no URL parsing per request). */
export interface Target {
  mod: typeof http | typeof https;
  options: http.RequestOptions;
  headers: Record<string, string>;
}

/**
 * POSTs `body` over the pooled agents. The returned function destroys the request (and its response)
 * at any point; after it, neither callback is called.
 */
export function post(
  t: Target,
  body: string,
  onResponse: (r: http.IncomingMessage) => void,
  onError: (err: Error) => void,
): () => void {
  let req: http.ClientRequest;
  let dropped = false;
  const send = (retry: boolean) => {
    req = t.mod.request(
      { ...t.options, headers: { ...t.headers, "content-length": String(Buffer.byteLength(body)) } },
      onResponse,
    );
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (dropped) return;
      // A pooled socket the upstream closed while idle: Node's documented advice is to retry once.
      if (retry && req.reusedSocket && err.code === "ECONNRESET") send(false);
      else onError(err);
    });
    req.end(body);
  };
  send(true);
  // Destroyed without an error argument: the caller already knows why, and no emitter is left with an unheard 'error'.
  return () => {
    dropped = true;
    req.destroy();
  };
}

const targets = new WeakMap<ModelEntry, Target>();
export function targetOf(entry: ModelEntry, flavor: (typeof OPENAI_FLAVORS)[keyof typeof OPENAI_FLAVORS]): Target {
  let t = targets.get(entry);
  if (!t) {
    const { baseURL, apiKey } = openAiEndpoint(entry, flavor);
    const url = new URL(`${(baseURL ?? "").replace(/\/+$/, "")}/chat/completions`);
    const secure = url.protocol === "https:";
    t = {
      mod: secure ? https : http,
      options: { ...urlToHttpOptions(url), method: "POST", agent: AGENTS[secure ? "https:" : "http:"] },
      headers: { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${apiKey}` },
    };
    targets.set(entry, t);
  }
  return t;
}
