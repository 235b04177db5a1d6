/**
 * OpenAI's vocabulary for what goes beyond text: tool (function) calls, structured output,
 * log-probabilities and image parts. The API (lib/api) reads them from clients; provider adapters
 * pass them upstream or map them to Anthropic's and Gemini's forms. Imports nothing of Joust's.
 */

export interface ToolDef {
  type: "function";
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean | null };
}

export type ToolChoice = "none" | "auto" | "required" | { type: "function"; function: { name: string } };

/**
 * Provider data a call must carry back on the next turn: Gemini's thought signature, spelled as
 * Gemini's own OpenAI-compatible endpoint does (`extra_content.google.thought_signature`).
 */
export interface ToolCallExtra {
  google?: { thought_signature?: string };
}

export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
  extra_content?: ToolCallExtra;
}

/** A streamed fragment of a tool call (OpenAI's `delta.tool_calls[]`): id, type and name come first, arguments in pieces. */
export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: "function";
  function?: { name?: string; arguments?: string };
  extra_content?: ToolCallExtra;
}

export type ContentPart =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string; detail?: "auto" | "low" | "high" } };

/** One message as OpenAI's chat API takes it, tool turns and image parts included. */
export type RichMessage =
  | { role: "system" | "developer"; content: string }
  | { role: "user"; content: string | ContentPart[] }
  | { role: "assistant"; content: string | null; tool_calls?: ToolCall[] }
  | { role: "tool"; content: string; tool_call_id: string };

export type ResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | {
      type: "json_schema";
      json_schema: { name: string; description?: string; schema?: Record<string, unknown>; strict?: boolean | null };
    };

export interface TopLogprob {
  token: string;
  logprob: number;
  bytes: number[] | null;
}

/** One entry of `choices[].logprobs.content`. */
export interface TokenLogprob extends TopLogprob {
  top_logprobs: TopLogprob[];
}

/**
 * What a request asks for beyond text, carried next to its plain-text messages (which the limits
 * and usage estimates read). Absent on plain requests, so the text-only paths never look at it.
 */
export interface RichParams {
  /** The messages as the client sent them (tool turns, image parts); replaces the plain ones upstream. */
  messages?: RichMessage[];
  tools?: ToolDef[];
  tool_choice?: ToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: ResponseFormat;
  logprobs?: boolean;
  top_logprobs?: number;
}

/** Joins streamed tool-call fragments into whole calls (OpenAI's reassembly rule: by index, strings concatenated). */
export function joinToolCalls(deltas: ToolCallDelta[]): ToolCall[] {
  const calls: ToolCall[] = [];
  for (const d of deltas) {
    let c = calls[d.index];
    if (!c) c = calls[d.index] = { id: "", type: "function", function: { name: "", arguments: "" } };
    if (d.id) c.id = d.id;
    if (d.function?.name) c.function.name += d.function.name;
    if (d.function?.arguments) c.function.arguments += d.function.arguments;
    if (d.extra_content) c.extra_content = d.extra_content;
  }
  return calls.filter(Boolean);
}
