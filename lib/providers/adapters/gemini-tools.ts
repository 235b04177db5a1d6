import type { Content, FunctionCallingConfigMode, GenerateContentConfig, Part } from "@google/genai";
import type { RichParams, ToolCallDelta } from "@/lib/chat-protocol/tools";
import type { FinishReason } from "@/lib/chat-protocol/types";
import { imageSource } from "./image-parts";

/**
 * OpenAI's tools, tool turns, structured output and image parts ↔ Gemini: `tools[].function` →
 * `functionDeclarations` (`parametersJsonSchema`), `tool_choice` auto/none/required/named →
 * `functionCallingConfig` AUTO/NONE/ANY/ANY with `allowedFunctionNames`, assistant `tool_calls` →
 * `functionCall` parts of a model turn, `tool` messages → `functionResponse` parts of one user turn
 * (named by the call they answer), data-URL images → `inlineData`, `response_format` →
 * `responseMimeType: application/json` (+ `responseJsonSchema`). A call's thought signature travels
 * with it as `extra_content.google.thought_signature`, as on Gemini's own OpenAI-compatible endpoint.
 */
export interface GeminiRich {
  systemInstruction?: string;
  contents: Content[];
  config: Pick<GenerateContentConfig, "tools" | "toolConfig" | "responseMimeType" | "responseJsonSchema">;
}

function parseArgs(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return {};
  }
}

/** A tool result as Gemini's `functionResponse.response` (an object): a JSON object as it is, anything else under `result`. */
function responseOf(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    if (v !== null && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
    return { result: v };
  } catch {
    return { result: text };
  }
}

export function toGeminiRich(rich: RichParams & { messages: NonNullable<RichParams["messages"]> }): GeminiRich {
  const system: string[] = [];
  const contents: Content[] = [];
  const names = new Map<string, string>();
  const push = (role: "user" | "model", parts: Part[]) => {
    const last = contents[contents.length - 1];
    if (last && last.role === role && (parts[0]?.functionResponse || last.parts?.[0]?.functionResponse))
      last.parts?.push(...parts);
    else contents.push({ role, parts });
  };
  for (const m of rich.messages) {
    if (m.role === "user") {
      const parts: Part[] =
        typeof m.content === "string"
          ? [{ text: m.content }]
          : m.content.map((p): Part => {
              if (p.type === "text") return { text: p.text };
              const src = imageSource(p.image_url.url);
              // Web URLs never get here for Gemini (lib/api/capabilities.ts refuses them): it cannot fetch them.
              return src.kind === "data" ? { inlineData: { mimeType: src.mediaType, data: src.data } } : { text: "" };
            });
      push("user", parts);
    } else if (m.role === "tool") {
      push("user", [
        { functionResponse: { name: names.get(m.tool_call_id) ?? m.tool_call_id, response: responseOf(m.content) } },
      ]);
    } else if (m.role === "assistant") {
      const parts: Part[] = m.content ? [{ text: m.content }] : [];
      for (const c of m.tool_calls ?? []) {
        names.set(c.id, c.function.name);
        const signature = c.extra_content?.google?.thought_signature;
        parts.push({
          functionCall: { name: c.function.name, args: parseArgs(c.function.arguments) },
          ...(signature ? { thoughtSignature: signature } : {}),
        });
      }
      push("model", parts);
    } else system.push(m.content);
  }
  const config: GeminiRich["config"] = {};
  if (rich.tools?.length) {
    config.tools = [
      {
        functionDeclarations: rich.tools.map((t) => ({
          name: t.function.name,
          ...(t.function.description ? { description: t.function.description } : {}),
          ...(t.function.parameters ? { parametersJsonSchema: t.function.parameters } : {}),
        })),
      },
    ];
    const tc = rich.tool_choice;
    const mode = (m: string) => m as FunctionCallingConfigMode;
    if (tc === "none") config.toolConfig = { functionCallingConfig: { mode: mode("NONE") } };
    else if (tc === "required") config.toolConfig = { functionCallingConfig: { mode: mode("ANY") } };
    else if (typeof tc === "object")
      config.toolConfig = { functionCallingConfig: { mode: mode("ANY"), allowedFunctionNames: [tc.function.name] } };
  }
  const rf = rich.response_format;
  if (rf && rf.type !== "text") {
    config.responseMimeType = "application/json";
    if (rf.type === "json_schema" && rf.json_schema.schema) config.responseJsonSchema = rf.json_schema.schema;
  }
  return { systemInstruction: system.join("\n\n") || undefined, contents, config };
}

/**
 * Gemini response parts → OpenAI deltas. Gemini sends each call whole, so a call is one fragment
 * with its id (Gemini's, or a generated `call_…`), name and all its arguments. With
 * `parallel_tool_calls: false` (which Gemini has no switch for) only the first call is relayed.
 */
export class GeminiToolStream {
  private calls = 0;
  constructor(private readonly parallel = true) {}

  parts(parts: Part[] | undefined): { content?: string; toolCalls?: ToolCallDelta[] } {
    let content = "";
    const toolCalls: ToolCallDelta[] = [];
    for (const p of parts ?? []) {
      if (p.text) content += p.text;
      if (p.functionCall && (this.parallel || this.calls === 0)) {
        const index = this.calls++;
        const id = p.functionCall.id || `call_${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;
        const call: ToolCallDelta = {
          index,
          id,
          type: "function",
          function: { name: p.functionCall.name ?? "", arguments: JSON.stringify(p.functionCall.args ?? {}) },
        };
        // Thinking models sign their calls; the signature must come back with the call on the next turn.
        if (p.thoughtSignature) call.extra_content = { google: { thought_signature: p.thoughtSignature } };
        toolCalls.push(call);
      }
    }
    return { ...(content ? { content } : {}), ...(toolCalls.length ? { toolCalls } : {}) };
  }

  finish(f: FinishReason): FinishReason {
    return f === "stop" && this.calls > 0 ? "tool_calls" : f;
  }
}
