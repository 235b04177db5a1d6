// Stub upstreams standing in for paid providers, speaking each one's wire format:
//   OpenAI chat completions  POST  …/chat/completions                (SSE `data:` + `data: [DONE]`, or JSON)
//   OpenAI models            GET   …/models
//   Anthropic Messages       POST  …/v1/messages                      (SSE with named events)
//   Gemini                   POST  …/models/<m>:streamGenerateContent?alt=sse
// Keys are checked against STUB_OPENAI_KEY / STUB_ANTHROPIC_KEY / STUB_GEMINI_KEY.
// Text is deterministic (see `replyTokens`), so tests can predict it. `n` and `max_tokens`
// are honoured; `stop` is deliberately ignored, so Joust's own stop enforcement is what tests see.
// Fault modes by upstream model id: `*-cut` (dies mid-event), `*-429` (retry-after: 7),
// `*-500`, `*-malformed` (bad JSON in the stream), `*-delay<ms>` (inter-token delay),
// `*-t<count>` (reply length in tokens, default 16).
// Judge modes (evaluation tests): `*-rate<N>` replies with a fixed `Rating: [[N]]`, `*-verdict<A|B|C>` with `[[A]]`/`[[B]]`/`[[C]]`.
// Run: `node e2e/stubs/upstream.mjs` (STUB_PORT, default 4010), or `startStub({ port })` from tests.
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";

export const STUB_KEYS = {
  openai: process.env.STUB_OPENAI_KEY ?? "sk-e2e-openai-SECRET-1111",
  anthropic: process.env.STUB_ANTHROPIC_KEY ?? "sk-ant-e2e-SECRET-2222",
  gemini: process.env.STUB_GEMINI_KEY ?? "e2e-gemini-SECRET-3333",
};

const FILLER = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima"];

/** The stub's reply to a last user message, as tokens: `Echo: <prompt words> alpha bravo …` (count tokens). */
export function replyTokens(prompt, count = 16) {
  const words = ["Echo:", ...String(prompt).split(/\s+/).filter(Boolean).slice(0, 8)];
  const out = [];
  for (let i = 0; i < count; i++) {
    const w = i < words.length ? words[i] : FILLER[(i - words.length) % FILLER.length];
    out.push(i === 0 ? w : ` ${w}`);
  }
  return out;
}

/** Parses fault/behaviour options from an upstream model id. */
export function modeOf(model) {
  const m = String(model ?? "");
  return {
    cut: /-cut\b/.test(m),
    status: /-429\b/.test(m) ? 429 : /-500\b/.test(m) ? 500 : 0,
    malformed: /-malformed\b/.test(m),
    delay: Number(/-delay(\d+)/.exec(m)?.[1] ?? 0),
    total: Number(/-t(\d+)/.exec(m)?.[1] ?? 16),
    rate: /-rate(\d+(?:\.\d+)?)\b/.exec(m)?.[1],
    verdict: /-verdict([ABC])\b/.exec(m)?.[1],
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function plan(model, prompt, maxTokens) {
  const mode = modeOf(model);
  if (mode.rate || mode.verdict) {
    const tokens = ["The", " answer", " was", " judged", " by", " the", " stub.", mode.rate ? ` Rating: [[${mode.rate}]]` : ` [[${mode.verdict}]]`];
    return { mode, tokens, truncated: false, promptTokens: String(prompt).split(/\s+/).filter(Boolean).length + 3 };
  }
  const n = maxTokens != null && maxTokens < mode.total ? maxTokens : mode.total;
  return { mode, tokens: replyTokens(prompt, n), truncated: n < mode.total, promptTokens: String(prompt).split(/\s+/).filter(Boolean).length + 3 };
}

function lastUserText(messages) {
  const m = [...(messages ?? [])].reverse().find((x) => x.role === "user");
  if (!m) return "";
  if (typeof m.content === "string") return m.content;
  return (m.content ?? []).map((p) => p.text ?? "").join("");
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const parts = [];
    req.on("data", (c) => parts.push(c));
    req.on("end", () => {
      try {
        resolve(parts.length ? JSON.parse(Buffer.concat(parts).toString("utf8")) : {});
      } catch (e) {
        reject(e);
      }
    });
    req.on("error", reject);
  });
}

function json(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sseHead(res, extra = {}) {
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive", ...extra });
  res.flushHeaders?.();
}

/** Streams in flight and streams whose client went away before the end (`GET /_stats`): tests check that Joust drops upstream requests. */
const stats = { open: 0, dropped: 0 };

/**
 * Writes events (any iterable; OpenAI answers come from a generator, so the bench's hundreds of long
 * streams are built event by event as they go out instead of held whole) one per tick or per delay;
 * for `cut`, dies halfway through the event after the 3rd.
 */
const BROKEN = 'data: {"id":"chatcmpl-broken","choices":[{"index":0,"delta":{"content":"oops"\n\n';
async function streamEvents(_req, res, events, mode, broken = BROKEN) {
  let gone = false;
  stats.open++;
  res.on("close", () => {
    gone = true;
    stats.open--;
    if (!res.writableFinished) stats.dropped++;
  });
  let i = 0;
  for (const event of events) {
    if (gone) return;
    if (mode.cut && i === 4) {
      res.write(event.slice(0, Math.ceil(event.length / 2)));
      await sleep(5);
      res.socket?.destroy();
      return;
    }
    if (mode.malformed && i === 3) res.write(broken);
    res.write(event);
    if (mode.delay) await sleep(mode.delay);
    else if (i % 32 === 31) await new Promise((r) => setImmediate(r));
    i++;
  }
  res.end();
}

// ---------- OpenAI ----------
function openaiError(res, status) {
  if (status === 429)
    return json(res, 429, { error: { message: "Rate limit reached for requests", type: "requests", param: null, code: "rate_limit_exceeded" } }, { "retry-after": "7", "x-ratelimit-remaining-requests": "0" });
  return json(res, 500, { error: { message: "The server had an error while processing your request.", type: "server_error", param: null, code: null } });
}

async function openaiChat(req, res, body) {
  const auth = req.headers.authorization;
  if (auth !== `Bearer ${STUB_KEYS.openai}`)
    // Like the real API, the message echoes the key it got: Joust must never pass upstream text on.
    return json(res, 401, { error: { message: `Incorrect API key provided: ${String(auth ?? "").slice(7)}.`, type: "invalid_request_error", param: null, code: "invalid_api_key" } });
  const { mode, tokens, truncated, promptTokens } = plan(body.model, lastUserText(body.messages), body.max_completion_tokens ?? body.max_tokens);
  if (mode.status) return openaiError(res, mode.status);
  const n = Math.max(1, Number(body.n ?? 1));
  const id = `chatcmpl-stub${Date.now().toString(36)}`;
  const created = Math.floor(Date.now() / 1000);
  const finish = truncated ? "length" : "stop";
  const usage = { prompt_tokens: promptTokens, completion_tokens: tokens.length * n, total_tokens: promptTokens + tokens.length * n };
  if (!body.stream) {
    const choices = Array.from({ length: n }, (_, index) => ({ index, message: { role: "assistant", content: tokens.join(""), refusal: null, annotations: [] }, logprobs: null, finish_reason: finish }));
    return json(res, 200, { id, object: "chat.completion", created, model: body.model, choices, usage, service_tier: "default", system_fingerprint: "fp_stub" });
  }
  const head = { id, object: "chat.completion.chunk", created, model: body.model, service_tier: "default", system_fingerprint: "fp_stub" };
  const includeUsage = body.stream_options?.include_usage === true;
  const ev = (choices, extra = {}) => `data: ${JSON.stringify({ ...head, choices, ...(includeUsage ? { usage: null } : {}), ...extra })}\n\n`;
  function* events() {
    for (let c = 0; c < n; c++) yield ev([{ index: c, delta: { role: "assistant", content: "", refusal: null }, logprobs: null, finish_reason: null }]);
    for (const t of tokens) for (let c = 0; c < n; c++) yield ev([{ index: c, delta: { content: t }, logprobs: null, finish_reason: null }]);
    for (let c = 0; c < n; c++) yield ev([{ index: c, delta: {}, logprobs: null, finish_reason: finish }]);
    if (includeUsage) yield `data: ${JSON.stringify({ ...head, choices: [], usage })}\n\n`;
    yield "data: [DONE]\n\n";
  }
  sseHead(res);
  await streamEvents(req, res, events(), mode);
}

// ---------- Anthropic ----------
async function anthropicMessages(req, res, body) {
  // The API takes the key as `x-api-key`; recent SDKs send it as `Authorization: Bearer`.
  if (req.headers["x-api-key"] !== STUB_KEYS.anthropic && req.headers.authorization !== `Bearer ${STUB_KEYS.anthropic}`)
    return json(res, 401, { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } }, { "request-id": "req_stub_auth" });
  const { mode, tokens, truncated, promptTokens } = plan(body.model, lastUserText(body.messages), body.max_tokens);
  if (mode.status === 429)
    return json(res, 429, { type: "error", error: { type: "rate_limit_error", message: "Number of request tokens has exceeded your per-minute rate limit" } }, { "retry-after": "7", "request-id": "req_stub_429" });
  if (mode.status === 500) return json(res, 500, { type: "error", error: { type: "api_error", message: "Internal server error" } }, { "request-id": "req_stub_500" });
  if (!body.stream) return json(res, 400, { type: "error", error: { type: "invalid_request_error", message: "stub supports stream: true only" } });
  const msgId = `msg_01Stub${Date.now().toString(36)}`;
  const e = (type, data) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
  const events = [
    e("message_start", { type: "message_start", message: { id: msgId, type: "message", role: "assistant", model: body.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: promptTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 } } }),
    e("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }),
    e("ping", { type: "ping" }),
  ];
  for (const t of tokens) events.push(e("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: t } }));
  events.push(
    e("content_block_stop", { type: "content_block_stop", index: 0 }),
    e("message_delta", { type: "message_delta", delta: { stop_reason: truncated ? "max_tokens" : "end_turn", stop_sequence: null }, usage: { output_tokens: tokens.length } }),
    e("message_stop", { type: "message_stop" }),
  );
  sseHead(res, { "request-id": "req_stub_ok" });
  await streamEvents(req, res, events, mode, 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"oops"\n\n');
}

// ---------- Gemini ----------
async function geminiStream(req, res, body, model) {
  if (req.headers["x-goog-api-key"] !== STUB_KEYS.gemini)
    return json(res, 400, { error: { code: 400, message: "API key not valid. Please pass a valid API key.", status: "INVALID_ARGUMENT" } });
  const prompt = [...(body.contents ?? [])].reverse().find((c) => c.role === "user")?.parts?.map((p) => p.text ?? "").join("") ?? "";
  const { mode, tokens, truncated, promptTokens } = plan(model, prompt, body.generationConfig?.maxOutputTokens);
  if (mode.status === 429) return json(res, 429, { error: { code: 429, message: "Resource has been exhausted (e.g. check quota).", status: "RESOURCE_EXHAUSTED" } }, { "retry-after": "7" });
  if (mode.status === 500) return json(res, 500, { error: { code: 500, message: "An internal error has occurred.", status: "INTERNAL" } });
  const events = [];
  const per = 2; // Gemini sends a few tokens per chunk
  for (let i = 0; i < tokens.length; i += per) {
    const last = i + per >= tokens.length;
    const cand = { content: { parts: [{ text: tokens.slice(i, i + per).join("") }], role: "model" }, index: 0 };
    if (last) cand.finishReason = truncated ? "MAX_TOKENS" : "STOP";
    const usageMetadata = { promptTokenCount: promptTokens, totalTokenCount: promptTokens + Math.min(i + per, tokens.length), ...(last ? { candidatesTokenCount: tokens.length } : {}) };
    events.push(`data: ${JSON.stringify({ candidates: [cand], usageMetadata, modelVersion: model, responseId: "stubResp" })}\r\n\r\n`);
  }
  sseHead(res);
  await streamEvents(req, res, events, mode);
}

async function handle(req, res) {
  const url = new URL(req.url ?? "/", "http://stub");
  const path = url.pathname;
  if (req.method === "GET" && path.endsWith("/health")) return json(res, 200, { ok: true });
  if (req.method === "GET" && path === "/_stats") return json(res, 200, stats);
  if (req.method === "GET" && path.endsWith("/models"))
    return json(res, 200, { object: "list", data: [{ id: "stub-model", object: "model", created: 1700000000, owned_by: "stub" }] });
  if (req.method !== "POST") return json(res, 404, { error: { message: "not found", type: "invalid_request_error", param: null, code: null } });
  let body;
  try {
    body = await readBody(req);
  } catch {
    return json(res, 400, { error: { message: "We could not parse the JSON body of your request.", type: "invalid_request_error", param: null, code: null } });
  }
  if (path.endsWith("/chat/completions")) return openaiChat(req, res, body);
  if (path.endsWith("/v1/messages")) return anthropicMessages(req, res, body);
  const g = /\/models\/([^/:]+):streamGenerateContent$/.exec(path);
  if (g) return geminiStream(req, res, body, decodeURIComponent(g[1]));
  return json(res, 404, { error: { message: `Unknown path ${path}`, type: "invalid_request_error", param: null, code: null } });
}

/** Starts the stub; resolves with `{ port, url, close() }` (port 0 = any free port). */
export function startStub({ port = 0, host = "127.0.0.1" } = {}) {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) json(res, 500, { error: { message: "stub failure", type: "server_error", param: null, code: null } });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve) => {
    server.listen(port, host, () => {
      const p = server.address().port;
      resolve({ port: p, url: `http://${host}:${p}`, server, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }) });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { url } = await startStub({ port: Number(process.env.STUB_PORT ?? 4010) });
  console.log(`stub upstream listening on ${url}`);
}
