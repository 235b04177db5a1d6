import "server-only";
import type { TokenLogprob, ToolCallDelta } from "@/lib/chat-protocol/tools";
import type { FinishReason } from "@/lib/chat-protocol/types";
import { JoustError } from "@/lib/errors";
import { SseParser } from "@/lib/sse";
import { mapOpenAiFinish } from "./adapters/openai";
import { usageOf, type Usage } from "./adapters/types";
import { jsonValueAfter } from "./json-slice";
import type { ChoiceEvent } from "./types";

// Sticky patterns, tried where keyAt (below) found the key.
const NULL_FINISH = /"finish_reason"\s*:\s*null/y;
const NULL_USAGE = /"usage"\s*:\s*null/y;
const at = (re: RegExp, s: string, i: number) => {
  re.lastIndex = i;
  return re.test(s);
};

/**
 * The index of the first `"name"` in `data` (its opening quote), or -1: the same as indexOf('"name"'), but
 * searched as `name"` (`tail`), which is several times faster: a search runs from one occurrence of its first
 * character to the next, and a chunk holds a `"` every few characters.
 */
function keyAt(data: string, tail: string): number {
  for (let i = data.indexOf(tail, 1); i !== -1; i = data.indexOf(tail, i + 1))
    if (data.charCodeAt(i - 1) === 34 /* " */) return i - 1;
  return -1;
}

/** A chunk that is certainly plain: a whole object, `finish_reason` null, no usage, no error. */
function plainChunk(data: string): boolean {
  if (data.charCodeAt(0) !== 123 || data.charCodeAt(data.length - 1) !== 125) return false;
  const f = keyAt(data, 'finish_reason"');
  if (f === -1 || !at(NULL_FINISH, data, f)) return false;
  const u = keyAt(data, 'usage"');
  if (u !== -1 && !at(NULL_USAGE, data, u)) return false;
  return keyAt(data, 'error"') === -1;
}

// Both tried (sticky) at the chunk's first `"delta"` key. A JSON string's literal is
// "(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*" (JSON strings hold no raw control characters).
/** A delta holding only content (optionally with the role and a null refusal); group 1 is the content's literal. */
const CONTENT_DELTA =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: JSON strings may not hold raw control characters; the range excludes them
  /"delta"\s*:\s*\{\s*(?:"role"\s*:\s*"assistant"\s*,\s*)?"content"\s*:\s*("(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*")\s*(?:,\s*"refusal"\s*:\s*null\s*)?\}/y;
/**
 * A delta holding only one tool call's argument fragment, in OpenAI's shape
 * (`{"tool_calls":[{"index":0,"function":{"arguments":"…"}}]}`): group 1 is the call's index, group 2 the fragment's literal.
 */
const ARGUMENTS_DELTA =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: as above
  /"delta"\s*:\s*\{\s*"tool_calls"\s*:\s*\[\s*\{\s*"index"\s*:\s*(0|[1-9]\d{0,5})\s*,\s*"function"\s*:\s*\{\s*"arguments"\s*:\s*("(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*")\s*\}\s*\}\s*\]\s*\}/y;

/** The literal of a plain chunk's content delta, or undefined when its delta has some other shape. */
function contentLiteral(data: string): string | undefined {
  const d = keyAt(data, 'delta"');
  if (d === -1) return undefined;
  CONTENT_DELTA.lastIndex = d;
  return CONTENT_DELTA.exec(data)?.[1];
}

/** A plain chunk with nothing to relay (empty content, no log-probabilities). */
const NOTHING: ChoiceEvent = Object.freeze({ index: 0 });

/**
 * A plain chunk as an event with its parts copied as JSON text: a content delta's literal or one tool
 * call's argument fragment, and the raw `logprobs` object. NOTHING when there is nothing to relay;
 * undefined when the chunk has some other shape (the caller parses it in full).
 */
function copiedEvent(data: string): ChoiceEvent | undefined {
  const d = keyAt(data, 'delta"');
  if (d === -1) return undefined;
  let json: string | undefined;
  let toolCallsJson: string | undefined;
  CONTENT_DELTA.lastIndex = d;
  const m = CONTENT_DELTA.exec(data);
  if (m) {
    if (m[1].length > 2) json = m[1];
  } else {
    ARGUMENTS_DELTA.lastIndex = d;
    const a = ARGUMENTS_DELTA.exec(data);
    if (!a) return undefined;
    toolCallsJson = `[{"index":${a[1]},"function":{"arguments":${a[2]}}}]`;
  }
  const l = keyAt(data, 'logprobs"');
  const lp = l === -1 ? "null" : jsonValueAfter(data, l, "logprobs");
  if (lp === undefined || (lp !== "null" && lp.charCodeAt(0) !== 123)) return undefined;
  if (json === undefined && toolCallsJson === undefined && lp === "null") return NOTHING;
  const e: ChoiceEvent = { index: 0 };
  if (json !== undefined) e.json = json;
  if (toolCallsJson !== undefined) e.toolCallsJson = toolCallsJson;
  if (lp !== "null") e.logprobsJson = lp;
  return e;
}

interface UpstreamChoice {
  delta?: { content?: string | null; tool_calls?: ToolCallDelta[] };
  logprobs?: { content?: TokenLogprob[] | null } | null;
  finish_reason?: string | null;
}

interface UpstreamChunk {
  id?: string;
  choices?: UpstreamChoice[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: unknown;
}

function parseChunk(data: string, name: string): UpstreamChunk {
  let c: UpstreamChunk;
  try {
    c = JSON.parse(data) as UpstreamChunk;
  } catch {
    throw new JoustError("upstream:provider", `${name}: the provider sent a malformed stream.`);
  }
  if (c === null || typeof c !== "object")
    throw new JoustError("upstream:provider", `${name}: the provider sent a malformed stream.`);
  if (c.error) throw new JoustError("upstream:provider", `${name}: the provider reported an error mid-stream.`);
  return c;
}

/**
 * What a reader of an OpenAI chat-completions stream learns beside the content: whether the first chunk
 * came, the finish reason, the usage, and how many content deltas there were. The first chunk and any
 * chunk that may carry a finish reason, usage or an error is parsed in full (`parse`); after the first,
 * a plain chunk (`plain`) may be matched as text and its parts copied.
 */
export class OpenAiChunkState {
  started = false;
  finish: FinishReason = null;
  usage: Usage | undefined;
  /** Content deltas seen (the completion-token estimate when the upstream reports no usage). */
  pieces = 0;

  constructor(protected readonly name: string) {}

  /** After the first chunk and before the finish, a chunk that may take the copying path. */
  protected plain(data: string): boolean {
    return this.started && !this.finish && plainChunk(data);
  }

  /**
   * The content literal of one chunk's data, copied from a plain chunk or else from the full parse (`text` and
   * `literal` as `text` and `form` in eventOf); undefined when it has none.
   */
  protected contentOf(
    data: string,
    text: (data: string) => string = (d) => d,
    literal: (json: string) => string = (j) => j,
  ): string | undefined {
    if (this.plain(data)) {
      const lit = contentLiteral(data);
      if (lit !== undefined) {
        if (lit.length <= 2) return undefined;
        this.pieces++;
        return lit;
      }
    }
    const content = this.parse(text(data))?.delta?.content;
    if (typeof content !== "string" || !content) return undefined;
    this.pieces++;
    return literal(JSON.stringify(content));
  }

  /**
   * The event of one chunk's data, copied from a plain chunk or else parsed in full (`text` gives the data's text
   * to parse, `form` the parsed event's final form); undefined when there is nothing to relay.
   */
  protected eventOf(
    data: string,
    text: (data: string) => string = (d) => d,
    form: (e: ChoiceEvent | undefined) => ChoiceEvent | undefined = (e) => e,
  ): ChoiceEvent | undefined {
    let e = this.plain(data) ? copiedEvent(data) : undefined;
    if (e === undefined) e = form(parsedEvent(this.parse(text(data))));
    if (!e || e === NOTHING) return undefined;
    this.pieces++;
    return e;
  }

  /** Parses a chunk in full, keeping its usage and finish reason; its choice, or undefined after the finish. */
  protected parse(data: string): UpstreamChoice | undefined {
    const c = parseChunk(data, this.name);
    this.started = true;
    if (c.usage) this.usage = usageOf(c.usage.prompt_tokens, c.usage.completion_tokens);
    const choice = c.choices?.[0];
    if (!choice || this.finish) return undefined;
    if (choice.finish_reason) this.finish = mapOpenAiFinish(choice.finish_reason);
    return choice;
  }
}

/**
 * Parses an OpenAI chat-completions SSE body, read by read: `feed` into content deltas given as JSON
 * string literals (quotes included), `feedEvents` (requests with tools or logprobs) into choice events
 * that also carry tool-call fragments and log-probabilities. A plain chunk after the first (content, or
 * one tool call's argument fragment, with its `logprobs` object) is matched as text and its parts copied,
 * so relaying a token costs neither a JSON parse nor a re-serialisation. (A bare `"` cannot occur
 * inside a JSON string, so key patterns cannot match inside content.) A chunk of any other shape takes
 * the full parse. Malformed chunks and errors reported mid-stream throw typed errors.
 */
export class OpenAiStreamParser extends OpenAiChunkState {
  private readonly sse = new SseParser();

  feed(text: string): string[] {
    const out: string[] = [];
    for (const { data } of this.sse.feed(text)) {
      if (data === "[DONE]") continue;
      const lit = this.contentOf(data);
      if (lit !== undefined) out.push(lit);
    }
    return out;
  }

  feedEvents(text: string): ChoiceEvent[] {
    const out: ChoiceEvent[] = [];
    for (const { data } of this.sse.feed(text)) {
      if (data === "[DONE]") continue;
      const e = this.eventOf(data);
      if (e) out.push(e);
    }
    return out;
  }
}

/** A parsed choice's content, tool-call fragments and log-probabilities as an event; undefined when it has none. */
function parsedEvent(choice: UpstreamChoice | undefined): ChoiceEvent | undefined {
  const content = choice?.delta?.content;
  const tools = choice?.delta?.tool_calls;
  const logprobs = choice?.logprobs?.content;
  if (!content && !tools?.length && !logprobs?.length) return undefined;
  const e: ChoiceEvent = { index: 0 };
  if (content) e.json = JSON.stringify(content);
  if (tools?.length) e.toolCalls = tools;
  if (logprobs?.length) e.logprobs = logprobs;
  return e;
}
