import type Anthropic from "@anthropic-ai/sdk";
import type { ContentPart, RichParams, ToolCallDelta } from "@/lib/chat-protocol/tools";
import type { FinishReason } from "@/lib/chat-protocol/types";
import { imageSource } from "./image-parts";

/**
 * OpenAI's tools, tool turns, structured output and image parts ↔ Anthropic Messages:
 * `tools[].function` → `tools[]` (`input_schema`), `tool_choice` auto/none/required/named →
 * auto/none/any/tool (`parallel_tool_calls: false` → `disable_parallel_tool_use`), assistant
 * `tool_calls` → `tool_use` blocks, `tool` messages → `tool_result` blocks in a user turn, image
 * parts → `image` blocks. `response_format` becomes a forced tool whose input is the answer (the
 * documented way to get schema-shaped JSON from Claude); its input is relayed as content.
 */
export interface AnthropicRich {
  system?: string;
  messages: Anthropic.MessageParam[];
  tools?: Anthropic.Tool[];
  tool_choice?: Anthropic.ToolChoice;
  /** The forced tool standing for `response_format`, if any. */
  jsonTool?: string;
}

type Block = Anthropic.ContentBlockParam;

function parseArgs(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return {};
  }
}

function userBlocks(content: string | ContentPart[]): Block[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return content.map((p): Block => {
    if (p.type === "text") return { type: "text", text: p.text };
    const src = imageSource(p.image_url.url);
    return src.kind === "data"
      ? { type: "image", source: { type: "base64", media_type: src.mediaType as "image/png", data: src.data } }
      : { type: "image", source: { type: "url", url: src.url } };
  });
}

export function toAnthropicRich(rich: RichParams & { messages: NonNullable<RichParams["messages"]> }): AnthropicRich {
  const system: string[] = [];
  const out: Array<{ role: "user" | "assistant"; content: Block[] }> = [];
  const push = (role: "user" | "assistant", blocks: Block[]) => {
    const last = out[out.length - 1];
    // The API wants alternating turns: consecutive messages of one role (tool results included) share a turn.
    if (last && last.role === role) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  };
  for (const m of rich.messages) {
    if (m.role === "user") push("user", userBlocks(m.content));
    else if (m.role === "tool")
      push("user", [{ type: "tool_result", tool_use_id: m.tool_call_id, content: m.content }]);
    else if (m.role === "assistant") {
      const blocks: Block[] = m.content ? [{ type: "text", text: m.content }] : [];
      for (const c of m.tool_calls ?? [])
        blocks.push({ type: "tool_use", id: c.id, name: c.function.name, input: parseArgs(c.function.arguments) });
      push("assistant", blocks);
    } else system.push(m.content);
  }
  const r: AnthropicRich = { system: system.join("\n\n") || undefined, messages: out };
  if (rich.tools?.length) {
    r.tools = rich.tools.map((t) => ({
      name: t.function.name,
      ...(t.function.description ? { description: t.function.description } : {}),
      input_schema: (t.function.parameters ?? { type: "object", properties: {} }) as Anthropic.Tool.InputSchema,
    }));
    r.tool_choice = toolChoice(rich);
  }
  const rf = rich.response_format;
  if (rf && rf.type !== "text") {
    const name = rf.type === "json_schema" ? rf.json_schema.name : "json_object";
    const schema = (rf.type === "json_schema" ? rf.json_schema.schema : undefined) ?? { type: "object" };
    r.tools = [
      ...(r.tools ?? []),
      {
        name,
        description:
          (rf.type === "json_schema" && rf.json_schema.description) || "Give the answer as this tool's input.",
        input_schema: schema as Anthropic.Tool.InputSchema,
      },
    ];
    r.tool_choice = { type: "tool", name };
    r.jsonTool = name;
  }
  return r;
}

function toolChoice(rich: RichParams): Anthropic.ToolChoice | undefined {
  const tc = rich.tool_choice;
  const noParallel = rich.parallel_tool_calls === false ? { disable_parallel_tool_use: true } : {};
  if (tc === "none") return { type: "none" };
  if (tc === "required") return { type: "any", ...noParallel };
  if (typeof tc === "object") return { type: "tool", name: tc.function.name, ...noParallel };
  return tc === "auto" || rich.parallel_tool_calls === false ? { type: "auto", ...noParallel } : undefined;
}

/**
 * Anthropic stream events → OpenAI deltas. A `tool_use` block start becomes a tool call's first
 * fragment (index, id, type, name, empty arguments); its `input_json_delta`s become argument
 * fragments, as OpenAI streams them. The response_format tool's input is content instead.
 */
export class AnthropicToolStream {
  private blocks = new Map<number, number | "json">();
  private calls = 0;
  constructor(private readonly jsonTool?: string) {}

  event(ev: Anthropic.RawMessageStreamEvent): { content?: string; toolCalls?: ToolCallDelta[] } | undefined {
    if (ev.type === "content_block_start" && ev.content_block.type === "tool_use") {
      if (ev.content_block.name === this.jsonTool) {
        this.blocks.set(ev.index, "json");
        return undefined;
      }
      const index = this.calls++;
      this.blocks.set(ev.index, index);
      return {
        toolCalls: [
          {
            index,
            id: ev.content_block.id,
            type: "function",
            function: { name: ev.content_block.name, arguments: "" },
          },
        ],
      };
    }
    if (ev.type === "content_block_delta") {
      if (ev.delta.type === "text_delta") return ev.delta.text ? { content: ev.delta.text } : undefined;
      if (ev.delta.type === "input_json_delta" && ev.delta.partial_json) {
        const b = this.blocks.get(ev.index);
        if (b === "json") return { content: ev.delta.partial_json };
        if (b !== undefined) return { toolCalls: [{ index: b, function: { arguments: ev.delta.partial_json } }] };
      }
    }
    return undefined;
  }

  finish(reason: string | null | undefined): FinishReason {
    if (reason === "max_tokens") return "length";
    return reason === "tool_use" && this.calls > 0 ? "tool_calls" : "stop";
  }
}
