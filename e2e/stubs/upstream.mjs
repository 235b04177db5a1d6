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
// Beyond text (each in the provider's own wire format): with `tools`, the reply is tool calls, one per
// declared tool (one only with parallel_tool_calls false or a forced tool), arguments `{"q":<prompt>,"n":<i>}`
// streamed in fragments; after a tool result the reply echoes `tool <result>`; JSON mode replies
// `{"echo":<prompt>}`; `*-toolstream` (benchmarks) streams each call's arguments in `-t<count>` fragments,
// paced like content tokens (`{"q":<prompt>,"n":<i>,"text":"<reply tokens>"}`); logprobs give token i the log-probability -(i+1)/10; an image part reads as
// `[image/png]` (or `[url]`) in the prompt; embeddings are deterministic vectors (see `embedVector`).
// Run: `node e2e/stubs/upstream.mjs` (STUB_PORT, default 4010), or `startStub({ port })` from tests.
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";

export const STUB_KEYS = {
  openai: process.env.STUB_OPENAI_KEY ?? "sk-e2e-openai-SECRET-1111",
  anthropic: process.env.STUB_ANTHROPIC_KEY ?? "sk-ant-e2e-SECRET-2222",
  gemini: process.env.STUB_GEMINI_KEY ?? "e2e-gemini-SECRET-3333",
};

const FILLER = [
  "alpha",
  "bravo",
  "charlie",
  "delta",
  "echo",
  "foxtrot",
  "golf",
  "hotel",
  "india",
  "juliet",
  "kilo",
  "lima",
];

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
    /** Always replies with one tool call (`get_weather`), tools declared or not: the app's chat shows it. */
    toolcall: /-toolcall\b/.test(m),
    /** With tools: arguments in `total` fragments (a long tool-call stream, as the api-proxy bench measures). */
    toolstream: /-toolstream\b/.test(m),
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function plan(model, prompt, maxTokens) {
  const mode = modeOf(model);
  if (mode.rate || mode.verdict) {
    const tokens = [
      "The",
      " answer",
      " was",
      " judged",
      " by",
      " the",
      " stub.",
      mode.rate ? ` Rating: [[${mode.rate}]]` : ` [[${mode.verdict}]]`,
    ];
    return { mode, tokens, truncated: false, promptTokens: String(prompt).split(/\s+/).filter(Boolean).length + 3 };
  }
  const n = maxTokens != null && maxTokens < mode.total ? maxTokens : mode.total;
  return {
    mode,
    tokens: replyTokens(prompt, n),
    truncated: n < mode.total,
    promptTokens: String(prompt).split(/\s+/).filter(Boolean).length + 3,
  };
}

/** The prompt the reply echoes: the last user turn's text (images as `[media type]`), or `tool <result>` after a tool turn. */
function lastUserText(messages) {
  const list = messages ?? [];
  const last = list[list.length - 1];
  if (last?.role === "tool") return `tool ${last.content}`;
  const m = [...list].reverse().find((x) => x.role === "user");
  if (!m) return "";
  if (typeof m.content === "string") return m.content;
  return (m.content ?? []).map(partText).join(" ");
}

function partText(p) {
  const media = /^data:([^;]+);/.exec(p.image_url?.url ?? "")?.[1];
  if (p.type === "image_url") return media ? `[${media}]` : "[url]";
  if (p.type === "image") return p.source?.type === "base64" ? `[${p.source.media_type}]` : "[url]";
  if (p.type === "tool_result")
    return `tool ${typeof p.content === "string" ? p.content : (p.content ?? []).map((c) => c.text ?? "").join("")}`;
  if (p.inlineData) return `[${p.inlineData.mimeType}]`;
  if (p.functionResponse) return `tool ${JSON.stringify(p.functionResponse.response)}`;
  return p.text ?? "";
}

/** The tools a reply calls: the forced one, else the first (parallel calls off) or each declared one. */
function toolsToCall(names, forced, parallel) {
  if (forced) return names.filter((n) => n === forced);
  return parallel === false ? names.slice(0, 1) : names;
}
const toolArgs = (prompt, i) => JSON.stringify({ q: prompt, n: i });
/** A JSON string in pieces of `size` characters, as upstreams stream tool arguments. */
const pieces = (text, size = 7) =>
  Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
/**
 * A call's arguments as exactly `count` fragments (count ≥ 2): the opening up to the `text` string, one
 * reply token each (JSON-escaped), then the closing. Joined, they are `{"q":<prompt>,"n":<i>,"text":"…"}`.
 */
function argumentFragments(prompt, i, count) {
  const words = replyTokens(prompt, Math.max(0, count - 2)).map((t) => JSON.stringify(t).slice(1, -1));
  return [`${JSON.stringify({ q: prompt, n: i }).slice(0, -1)},"text":"`, ...words, '"}'];
}
const jsonTokens = (prompt) => pieces(JSON.stringify({ echo: prompt }), 5);
const alt = (t, k) => (k === 0 ? t : `${t}~${k}`);
const tokenLogprob = (t, i, top) => ({
  token: t,
  logprob: -(i + 1) / 10,
  bytes: [...Buffer.from(t)],
  top_logprobs: Array.from({ length: top }, (_, k) => ({
    token: alt(t, k),
    logprob: -(i + 1) / 10 - k,
    bytes: [...Buffer.from(alt(t, k))],
  })),
});

/** A deterministic embedding of `text` (`dims` values in [-0.5, 0.5)). */
export function embedVector(text, dims = 8) {
  let h = 0;
  for (const ch of String(text)) h = (h * 31 + ch.codePointAt(0)) % 1000003;
  return Array.from({ length: dims }, (_, i) => ((h + i * 7919) % 1000) / 1000 - 0.5);
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
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
    ...extra,
  });
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
    return json(
      res,
      429,
      {
        error: {
          message: "Rate limit reached for requests",
          type: "requests",
          param: null,
          code: "rate_limit_exceeded",
        },
      },
      { "retry-after": "7", "x-ratelimit-remaining-requests": "0" },
    );
  return json(res, 500, {
    error: {
      message: "The server had an error while processing your request.",
      type: "server_error",
      param: null,
      code: null,
    },
  });
}

async function openaiChat(req, res, body) {
  const auth = req.headers.authorization;
  if (auth !== `Bearer ${STUB_KEYS.openai}`)
    // Like the real API, the message echoes the key it got: Joust must never pass upstream text on.
    return json(res, 401, {
      error: {
        message: `Incorrect API key provided: ${String(auth ?? "").slice(7)}.`,
        type: "invalid_request_error",
        param: null,
        code: "invalid_api_key",
      },
    });
  const { mode, tokens, truncated, promptTokens } = plan(
    body.model,
    lastUserText(body.messages),
    body.max_completion_tokens ?? body.max_tokens,
  );
  if (mode.status) return openaiError(res, mode.status);
  const n = Math.max(1, Number(body.n ?? 1));
  const id = `chatcmpl-stub${Date.now().toString(36)}`;
  const created = Math.floor(Date.now() / 1000);
  const finish = truncated ? "length" : "stop";
  const prompt = lastUserText(body.messages);
  const names = (body.tools ?? []).map((t) => t.function.name);
  const calls = mode.toolcall
    ? ["get_weather"]
    : names.length && body.messages?.at(-1)?.role !== "tool"
      ? toolsToCall(names, body.tool_choice?.function?.name, body.parallel_tool_calls)
      : [];
  if (calls.length) return openaiToolCalls(req, res, body, calls, prompt, mode);
  if (body.response_format && body.response_format.type !== "text")
    tokens.splice(0, tokens.length, ...jsonTokens(prompt));
  const top = body.logprobs ? Number(body.top_logprobs ?? 0) : -1;
  const lp = (t, i) => (top >= 0 ? { content: [tokenLogprob(t, i, top)], refusal: null } : null);
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: tokens.length * n,
    total_tokens: promptTokens + tokens.length * n,
  };
  if (!body.stream) {
    const logprobs = top >= 0 ? { content: tokens.map((t, i) => tokenLogprob(t, i, top)), refusal: null } : null;
    const choices = Array.from({ length: n }, (_, index) => ({
      index,
      message: { role: "assistant", content: tokens.join(""), refusal: null, annotations: [] },
      logprobs,
      finish_reason: finish,
    }));
    return json(res, 200, {
      id,
      object: "chat.completion",
      created,
      model: body.model,
      choices,
      usage,
      service_tier: "default",
      system_fingerprint: "fp_stub",
    });
  }
  const head = {
    id,
    object: "chat.completion.chunk",
    created,
    model: body.model,
    service_tier: "default",
    system_fingerprint: "fp_stub",
  };
  const includeUsage = body.stream_options?.include_usage === true;
  const ev = (choices, extra = {}) =>
    `data: ${JSON.stringify({ ...head, choices, ...(includeUsage ? { usage: null } : {}), ...extra })}\n\n`;
  function* events() {
    for (let c = 0; c < n; c++)
      yield ev([
        { index: c, delta: { role: "assistant", content: "", refusal: null }, logprobs: null, finish_reason: null },
      ]);
    for (const [i, t] of tokens.entries())
      for (let c = 0; c < n; c++)
        yield ev([{ index: c, delta: { content: t }, logprobs: lp(t, i), finish_reason: null }]);
    for (let c = 0; c < n; c++) yield ev([{ index: c, delta: {}, logprobs: null, finish_reason: finish }]);
    if (includeUsage) yield `data: ${JSON.stringify({ ...head, choices: [], usage })}\n\n`;
    yield "data: [DONE]\n\n";
  }
  sseHead(res);
  await streamEvents(req, res, events(), mode);
}

/** A reply of tool calls, as OpenAI sends one: streamed with the id and name first, then argument fragments. */
async function openaiToolCalls(req, res, body, calls, prompt, mode) {
  const id = `chatcmpl-stubtools${Date.now().toString(36)}`;
  const created = Math.floor(Date.now() / 1000);
  const fragments = (i) =>
    mode.toolstream ? argumentFragments(prompt, i, Math.max(2, mode.total)) : pieces(toolArgs(prompt, i));
  const whole = calls.map((name, i) => ({
    id: `call_stub${i}`,
    type: "function",
    function: { name, arguments: fragments(i).join("") },
  }));
  const usage = { prompt_tokens: 20, completion_tokens: 10 * calls.length, total_tokens: 20 + 10 * calls.length };
  if (!body.stream) {
    const message = { role: "assistant", content: null, tool_calls: whole, refusal: null, annotations: [] };
    return json(res, 200, {
      id,
      object: "chat.completion",
      created,
      model: body.model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: "tool_calls" }],
      usage,
      system_fingerprint: "fp_stub",
    });
  }
  const head = {
    id,
    object: "chat.completion.chunk",
    created,
    model: body.model,
    service_tier: "default",
    system_fingerprint: "fp_stub",
  };
  const ev = (delta, finish = null) =>
    `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
  // A generator, like the text replies: the bench's hundreds of long tool-call streams are built as they go out.
  function* events() {
    for (const [i, c] of whole.entries()) {
      const first = { index: i, id: c.id, type: "function", function: { name: c.function.name, arguments: "" } };
      yield ev(
        i === 0 ? { role: "assistant", content: null, tool_calls: [first], refusal: null } : { tool_calls: [first] },
      );
      for (const a of fragments(i)) yield ev({ tool_calls: [{ index: i, function: { arguments: a } }] });
    }
    yield ev({}, "tool_calls");
    if (body.stream_options?.include_usage) yield `data: ${JSON.stringify({ ...head, choices: [], usage })}\n\n`;
    yield "data: [DONE]\n\n";
  }
  sseHead(res);
  await streamEvents(req, res, events(), mode);
}

/** OpenAI embeddings: `input` a string or a list; `encoding_format` float or base64 (little-endian float32). */
function openaiEmbeddings(req, res, body) {
  if (req.headers.authorization !== `Bearer ${STUB_KEYS.openai}`)
    return json(res, 401, {
      error: {
        message: "Incorrect API key provided.",
        type: "invalid_request_error",
        param: null,
        code: "invalid_api_key",
      },
    });
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  const data = inputs.map((text, index) => {
    const v = embedVector(text, body.dimensions ?? 8);
    const embedding =
      body.encoding_format === "base64" ? Buffer.from(new Float32Array(v).buffer).toString("base64") : v;
    return { object: "embedding", index, embedding };
  });
  const tokens = inputs.reduce((n, t) => n + String(t).split(/\s+/).filter(Boolean).length, 0);
  json(res, 200, { object: "list", data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

// ---------- Anthropic ----------
async function anthropicMessages(req, res, body) {
  // The API takes the key as `x-api-key`; recent SDKs send it as `Authorization: Bearer`.
  if (req.headers["x-api-key"] !== STUB_KEYS.anthropic && req.headers.authorization !== `Bearer ${STUB_KEYS.anthropic}`)
    return json(
      res,
      401,
      { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } },
      { "request-id": "req_stub_auth" },
    );
  const { mode, tokens, truncated, promptTokens } = plan(body.model, lastUserText(body.messages), body.max_tokens);
  if (mode.status === 429)
    return json(
      res,
      429,
      {
        type: "error",
        error: {
          type: "rate_limit_error",
          message: "Number of request tokens has exceeded your per-minute rate limit",
        },
      },
      { "retry-after": "7", "request-id": "req_stub_429" },
    );
  if (mode.status === 500)
    return json(
      res,
      500,
      { type: "error", error: { type: "api_error", message: "Internal server error" } },
      { "request-id": "req_stub_500" },
    );
  if (!body.stream)
    return json(res, 400, {
      type: "error",
      error: { type: "invalid_request_error", message: "stub supports stream: true only" },
    });
  const msgId = `msg_01Stub${Date.now().toString(36)}`;
  const e = (type, data) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
  const names = (body.tools ?? []).map((t) => t.name);
  const lastBlocks = body.messages?.at(-1)?.content;
  const afterTool = Array.isArray(lastBlocks) && lastBlocks.some((b) => b.type === "tool_result");
  const forced = body.tool_choice?.type === "tool" ? body.tool_choice.name : undefined;
  const calls =
    names.length && !afterTool && body.tool_choice?.type !== "none"
      ? toolsToCall(names, forced, body.tool_choice?.disable_parallel_tool_use ? false : undefined)
      : [];
  if (calls.length) {
    // Tool calls: a tool_use block each, its input streamed as input_json_delta fragments.
    const prompt = lastUserText(body.messages);
    const start = {
      id: msgId,
      type: "message",
      role: "assistant",
      model: body.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: promptTokens, output_tokens: 1 },
    };
    const evs = [e("message_start", { type: "message_start", message: start })];
    calls.forEach((name, i) => {
      evs.push(
        e("content_block_start", {
          type: "content_block_start",
          index: i,
          content_block: { type: "tool_use", id: `toolu_stub${i}`, name, input: {} },
        }),
      );
      for (const a of pieces(toolArgs(prompt, i)))
        evs.push(
          e("content_block_delta", {
            type: "content_block_delta",
            index: i,
            delta: { type: "input_json_delta", partial_json: a },
          }),
        );
      evs.push(e("content_block_stop", { type: "content_block_stop", index: i }));
    });
    evs.push(
      e("message_delta", {
        type: "message_delta",
        delta: { stop_reason: "tool_use", stop_sequence: null },
        usage: { output_tokens: 10 * calls.length },
      }),
      e("message_stop", { type: "message_stop" }),
    );
    sseHead(res, { "request-id": "req_stub_ok" });
    return streamEvents(req, res, evs, mode);
  }
  const events = [
    e("message_start", {
      type: "message_start",
      message: {
        id: msgId,
        type: "message",
        role: "assistant",
        model: body.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: promptTokens,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          output_tokens: 1,
        },
      },
    }),
    e("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }),
    e("ping", { type: "ping" }),
  ];
  for (const t of tokens)
    events.push(
      e("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: t } }),
    );
  events.push(
    e("content_block_stop", { type: "content_block_stop", index: 0 }),
    e("message_delta", {
      type: "message_delta",
      delta: { stop_reason: truncated ? "max_tokens" : "end_turn", stop_sequence: null },
      usage: { output_tokens: tokens.length },
    }),
    e("message_stop", { type: "message_stop" }),
  );
  sseHead(res, { "request-id": "req_stub_ok" });
  await streamEvents(
    req,
    res,
    events,
    mode,
    'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"oops"\n\n',
  );
}

// ---------- Gemini ----------
async function geminiStream(req, res, body, model) {
  if (req.headers["x-goog-api-key"] !== STUB_KEYS.gemini)
    return json(res, 400, {
      error: { code: 400, message: "API key not valid. Please pass a valid API key.", status: "INVALID_ARGUMENT" },
    });
  const prompt =
    [...(body.contents ?? [])]
      .reverse()
      .find((c) => c.role === "user")
      ?.parts?.map(partText)
      .join(" ") ?? "";
  const { mode, tokens, truncated, promptTokens } = plan(model, prompt, body.generationConfig?.maxOutputTokens);
  const names = (body.tools ?? []).flatMap((t) => (t.functionDeclarations ?? []).map((f) => f.name));
  const afterTool = body.contents?.at(-1)?.parts?.some((p) => p.functionResponse);
  const fc = body.toolConfig?.functionCallingConfig;
  const calls =
    names.length && !afterTool && fc?.mode !== "NONE"
      ? toolsToCall(names, fc?.allowedFunctionNames?.[0], undefined)
      : [];
  if (calls.length) {
    // Gemini sends whole calls (no argument fragments), several in one candidate.
    const parts = calls.map((name, i) => ({ functionCall: { name, args: JSON.parse(toolArgs(prompt, i)) } }));
    const usageMetadata = {
      promptTokenCount: promptTokens,
      candidatesTokenCount: 10,
      totalTokenCount: promptTokens + 10,
    };
    const ev = {
      candidates: [{ content: { parts, role: "model" }, finishReason: "STOP", index: 0 }],
      usageMetadata,
      modelVersion: model,
      responseId: "stubResp",
    };
    sseHead(res);
    return streamEvents(req, res, [`data: ${JSON.stringify(ev)}\r\n\r\n`], mode);
  }
  if (body.generationConfig?.responseMimeType === "application/json")
    tokens.splice(0, tokens.length, ...jsonTokens(prompt));
  if (mode.status === 429)
    return json(
      res,
      429,
      {
        error: { code: 429, message: "Resource has been exhausted (e.g. check quota).", status: "RESOURCE_EXHAUSTED" },
      },
      { "retry-after": "7" },
    );
  if (mode.status === 500)
    return json(res, 500, { error: { code: 500, message: "An internal error has occurred.", status: "INTERNAL" } });
  const events = [];
  const per = 2; // Gemini sends a few tokens per chunk
  for (let i = 0; i < tokens.length; i += per) {
    const last = i + per >= tokens.length;
    const cand = { content: { parts: [{ text: tokens.slice(i, i + per).join("") }], role: "model" }, index: 0 };
    if (last) cand.finishReason = truncated ? "MAX_TOKENS" : "STOP";
    const usageMetadata = {
      promptTokenCount: promptTokens,
      totalTokenCount: promptTokens + Math.min(i + per, tokens.length),
      ...(last ? { candidatesTokenCount: tokens.length } : {}),
    };
    events.push(
      `data: ${JSON.stringify({ candidates: [cand], usageMetadata, modelVersion: model, responseId: "stubResp" })}\r\n\r\n`,
    );
  }
  sseHead(res);
  await streamEvents(req, res, events, mode);
}

/** Gemini batchEmbedContents: one embedding per request. */
function geminiEmbed(req, res, body) {
  if (req.headers["x-goog-api-key"] !== STUB_KEYS.gemini)
    return json(res, 400, {
      error: { code: 400, message: "API key not valid. Please pass a valid API key.", status: "INVALID_ARGUMENT" },
    });
  const embeddings = (body.requests ?? []).map((r) => ({
    values: embedVector((r.content?.parts ?? []).map((p) => p.text ?? "").join(""), r.outputDimensionality ?? 8),
  }));
  json(res, 200, { embeddings });
}

async function handle(req, res) {
  const url = new URL(req.url ?? "/", "http://stub");
  const path = url.pathname;
  if (req.method === "GET" && path.endsWith("/health")) return json(res, 200, { ok: true });
  if (req.method === "GET" && path === "/_stats") return json(res, 200, stats);
  if (req.method === "GET" && path.endsWith("/models"))
    return json(res, 200, {
      object: "list",
      data: [{ id: "stub-model", object: "model", created: 1700000000, owned_by: "stub" }],
    });
  if (req.method !== "POST")
    return json(res, 404, { error: { message: "not found", type: "invalid_request_error", param: null, code: null } });
  let body;
  try {
    body = await readBody(req);
  } catch {
    return json(res, 400, {
      error: {
        message: "We could not parse the JSON body of your request.",
        type: "invalid_request_error",
        param: null,
        code: null,
      },
    });
  }
  if (path.endsWith("/chat/completions")) return openaiChat(req, res, body);
  if (path.endsWith("/embeddings")) return openaiEmbeddings(req, res, body);
  const ge = /\/models\/([^/:]+):batchEmbedContents$/.exec(path);
  if (ge) return geminiEmbed(req, res, body);
  if (path.endsWith("/v1/messages")) return anthropicMessages(req, res, body);
  const g = /\/models\/([^/:]+):streamGenerateContent$/.exec(path);
  if (g) return geminiStream(req, res, body, decodeURIComponent(g[1]));
  return json(res, 404, {
    error: { message: `Unknown path ${path}`, type: "invalid_request_error", param: null, code: null },
  });
}

/** Starts the stub; resolves with `{ port, url, close() }` (port 0 = any free port). */
export function startStub({ port = 0, host = "127.0.0.1" } = {}) {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent)
        json(res, 500, { error: { message: "stub failure", type: "server_error", param: null, code: null } });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve) => {
    server.listen(port, host, () => {
      const p = server.address().port;
      resolve({
        port: p,
        url: `http://${host}:${p}`,
        server,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { url } = await startStub({ port: Number(process.env.STUB_PORT ?? 4010) });
  console.log(`stub upstream listening on ${url}`);
}
