import "server-only";
import { JoustError } from "@/lib/errors";
import { listDirectModels } from "@/lib/providers/remote-chat";
import { requireApiKey } from "./auth";
import { chatCompletions, textCompletions } from "./chat-completions";
import { checkBrowserRequest } from "@/lib/http/request-guard";
import { corsHeaders, corsOrigins, preflightHeaders } from "./cors";
import { readApiJson, takeFailedAuth, takeRateLimit } from "./limits";
import { embeddings } from "./embeddings";
import { openAiError } from "./openai-errors";
import { webStream } from "./sse-response";
import { toChatMessages, toV1Request } from "./v1-request";
import { chatCompletionsSchema, completionsSchema, embeddingsSchema } from "./v1-schemas";
import type { V1Input, V1Output, V1Route } from "./v1-types";
import { parseWith } from "./validate";

const METHODS: Record<V1Route, string> = {
  models: "GET",
  "chat.completions": "POST",
  completions: "POST",
  embeddings: "POST",
};

const readJson = (input: V1Input) => readApiJson(input.body, input.headers.get("content-length"));

const ROUTES: Record<V1Route, (input: V1Input) => Promise<V1Output>> = {
  /** `GET /v1/models`: the configured, available remote models (in-browser models are not served here). */
  async models() {
    const models = await listDirectModels();
    const data = models
      .filter((m) => m.available)
      .map((m) => ({ id: m.name, object: "model", created: 0, owned_by: m.organization ?? m.provider }));
    return { status: 200, headers: {}, json: { object: "list", data } };
  },
  async "chat.completions"(input) {
    const body = parseWith(chatCompletionsSchema, await readJson(input));
    return chatCompletions(toV1Request(body, toChatMessages(body.messages)), input.signal, input.bytes === true);
  },
  async completions(input) {
    const body = parseWith(completionsSchema, await readJson(input));
    const prompt = Array.isArray(body.prompt) ? body.prompt[0] : body.prompt;
    return textCompletions(toV1Request(body, [{ role: "user", content: prompt }]), input.signal);
  },
  async embeddings(input) {
    return embeddings(parseWith(embeddingsSchema, await readJson(input)), input.signal);
  },
};

/**
 * `Server-Timing` for a streamed answer, sent with its first token: `joust` is this server's own
 * processing before the first token (reading and checking the request, starting the upstream
 * request), `upstream` the upstream's time to first token as seen from here — which includes any
 * wait for this process's event loop, busy with other streams. An operator can tell which of the
 * two a slow start came from; the api-proxy bench reports `joust`.
 */
function serverTiming(totalMs: number, upstreamMs: number): string {
  return `joust;dur=${Math.max(0, totalMs - upstreamMs).toFixed(2)}, upstream;dur=${upstreamMs.toFixed(2)}`;
}

/** Answers one /api/v1 request: CORS, bearer key (JOUST_API_KEYS), per-key/IP rate limit, then the route; failures in OpenAI's error shape. */
export async function handleV1(route: V1Route, input: V1Input): Promise<V1Output> {
  const t0 = performance.now();
  if (input.method === "OPTIONS") return { status: 204, headers: preflightHeaders(input.headers), empty: true };
  const cors = corsHeaders(input.headers);
  if (input.method !== METHODS[route] && !(input.method === "HEAD" && METHODS[route] === "GET")) {
    const out = openAiError(
      new JoustError("bad_request:api", `${input.method} is not supported here; use ${METHODS[route]}.`),
      cors,
    );
    return { ...out, status: 405, headers: { ...out.headers, allow: `${METHODS[route]}, OPTIONS` } };
  }
  try {
    if (input.method === "POST") checkBrowserRequest(input.headers, "api", corsOrigins());
    const key = checkKey(input);
    if (route !== "models") takeRateLimit(input, undefined, input.peer, key);
    const out = await ROUTES[route](input);
    Object.assign(out.headers, cors);
    const streamed = "sse" in out ? out.sse : "bytes" in out ? out.bytes : undefined;
    if (streamed) out.headers["server-timing"] = serverTiming(performance.now() - t0, streamed.firstItemMs);
    return out;
  } catch (err) {
    if (!(err instanceof JoustError)) {
      console.error("[joust] /v1:", err);
      return openAiError(new JoustError("internal:api", "Internal error."), cors);
    }
    return openAiError(err, cors);
  }
}

/** The bearer key check; failed attempts are rate-limited per address (a key cannot be guessed at speed). */
function checkKey(input: V1Input): string | undefined {
  try {
    return requireApiKey(input.headers);
  } catch (err) {
    takeFailedAuth(input, input.peer);
    throw err;
  }
}

/** The route handler for one /api/v1 route (web Request in, web Response out). */
export function webV1(route: V1Route): (req: Request) => Promise<Response> {
  return async (req) => {
    const out = await handleV1(route, { method: req.method, headers: req.headers, body: req.body, signal: req.signal });
    if ("sse" in out) return new Response(webStream(out.sse), { status: out.status, headers: out.headers });
    if ("bytes" in out) throw new Error("a byte stream for a route handler, which never asks for one");
    if ("json" in out) return Response.json(out.json, { status: out.status, headers: out.headers });
    return new Response(null, { status: out.status, headers: out.headers });
  };
}
