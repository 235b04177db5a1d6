import type { ChoiceEvent } from "@/lib/providers/types";
import { joinToolCalls, type TokenLogprob, type ToolCallDelta } from "@/lib/chat-protocol/tools";

/**
 * Encoding for events that carry more than text (tool-call fragments, log-probabilities): off the
 * plain-text path, which never calls in here. Tool-call fragments are relayed as the upstream (or
 * the Anthropic/Gemini mapping) gave them, so a client sees OpenAI's exact `delta.tool_calls` shape.
 */
export const isRich = (e: ChoiceEvent): boolean =>
  e.toolCalls !== undefined ||
  e.toolCallsJson !== undefined ||
  e.logprobs !== undefined ||
  e.logprobsJson !== undefined;

/** An event's tool-call fragments, parsed (from `toolCallsJson` when they came as text). */
export function toolCallsOf(e: ChoiceEvent): ToolCallDelta[] | undefined {
  if (e.toolCalls) return e.toolCalls;
  return e.toolCallsJson === undefined ? undefined : (JSON.parse(e.toolCallsJson) as ToolCallDelta[]);
}

/** An event's token log-probabilities, parsed (from `logprobsJson` when it came as text). */
export function logprobsOf(e: ChoiceEvent): TokenLogprob[] | undefined {
  if (e.logprobs) return e.logprobs;
  if (e.logprobsJson === undefined) return undefined;
  return (JSON.parse(e.logprobsJson) as { content?: TokenLogprob[] | null }).content ?? undefined;
}

/** A chat chunk's choice for a rich event (`role` is `"role":"assistant"` on a choice's first chunk, else ""). */
export function richChatChoice(e: ChoiceEvent, role: string, finish: string): string {
  let delta = role;
  if (e.json !== undefined) delta += `${delta && ","}"content":${e.json}`;
  const tools = e.toolCallsJson ?? (e.toolCalls ? JSON.stringify(e.toolCalls) : undefined);
  if (tools !== undefined) delta += `${delta && ","}"tool_calls":${tools}`;
  const logprobs = e.logprobsJson ?? (e.logprobs ? `{"content":${JSON.stringify(e.logprobs)},"refusal":null}` : "null");
  return `{"index":${e.index},"delta":{${delta}},"logprobs":${logprobs},"finish_reason":${finish}}`;
}

/** OpenAI's legacy completions `logprobs` object, from chat-style token entries; `offset` is the text length before them. */
export function legacyLogprobs(entries: TokenLogprob[], offset: number) {
  const text_offset: number[] = [];
  let at = offset;
  for (const t of entries) {
    text_offset.push(at);
    at += t.token.length;
  }
  return {
    tokens: entries.map((t) => t.token),
    token_logprobs: entries.map((t) => t.logprob),
    top_logprobs: entries.map((t) => Object.fromEntries(t.top_logprobs.map((x) => [x.token, x.logprob]))),
    text_offset,
  };
}

/** What a non-streamed answer gathers per choice beyond its text. */
export class RichGather {
  private tools: ToolCallDelta[][] = [];
  private lps: TokenLogprob[][] = [];
  add(e: ChoiceEvent): void {
    const calls = toolCallsOf(e);
    if (calls) (this.tools[e.index] ??= []).push(...calls);
    const lps = logprobsOf(e);
    if (lps) (this.lps[e.index] ??= []).push(...lps);
  }
  /** The chat message fields and `logprobs` of choice `i`. */
  chat(i: number, content: string) {
    const calls = this.tools[i] ? joinToolCalls(this.tools[i]) : undefined;
    return {
      message: {
        role: "assistant",
        content: calls && !content ? null : content,
        refusal: null,
        ...(calls ? { tool_calls: calls } : {}),
      },
      logprobs: this.lps[i] ? { content: this.lps[i], refusal: null } : null,
    };
  }
  legacy(i: number) {
    return this.lps[i] ? legacyLogprobs(this.lps[i], 0) : null;
  }
}
