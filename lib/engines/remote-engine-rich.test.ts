import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as chatPOST } from "@/app/api/chat/route";
import { joinToolCalls, type ToolCallDelta } from "@/lib/chat-protocol/tools";
import type { ChatCompletionChunk, ChatMessage } from "@/lib/chat-protocol/types";
import type { JoustError } from "@/lib/errors";
import { setConfigForTests } from "@/lib/providers/config";
import { startUpstream, stubConfig, type StubHandle } from "@/lib/providers/test-stub";
import { RemoteEngine } from "./remote-engine";

// The app chat's images and tool calls through the real /api/chat handler and the stub upstreams.
let stub: StubHandle;
const routeFetch: typeof fetch = async (input, init) =>
  chatPOST(new Request(`http://joust.test${String(input)}`, init));

beforeAll(async () => {
  stub = await startUpstream();
  stubConfig(stub.url, { limits: { ratePerSecond: 1000, rateBurst: 1000 } });
});
afterAll(async () => {
  setConfigForTests(undefined);
  await stub.close();
});

const PNG = `data:image/png;base64,${Buffer.from("\x89PNG\r\n\x1a\n-tiny").toString("base64")}`;

async function run(name: string, messages: ChatMessage[]) {
  const engine = new RemoteEngine(
    { id: `remote:${name}`, backend: "remote", displayName: name, backendModelId: name },
    {
      fetch: routeFetch,
    },
  );
  const chunks: ChatCompletionChunk[] = [];
  let error: JoustError | undefined;
  try {
    for await (const c of engine.stream({ messages })) chunks.push(c);
  } catch (e) {
    error = e as JoustError;
  }
  const deltas: ToolCallDelta[] = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
  return {
    error,
    text: chunks.map((c) => c.choices[0]?.delta.content ?? "").join(""),
    calls: joinToolCalls(deltas),
    finish: chunks.at(-1)?.choices[0]?.finish_reason,
  };
}

describe("/api/chat images and tool calls", () => {
  it("sends a user turn's images as image_url parts to a vision model", async () => {
    for (const name of ["local-all", "gpt", "claude", "gemini"]) {
      const r = await run(name, [{ role: "user", content: "what is this", images: [PNG] }]);
      expect(r.error, name).toBeUndefined();
      expect(r.text, name).toContain("[image/png]");
    }
  });

  it("refuses images for a model without vision, naming the field", async () => {
    const r = await run("local", [{ role: "user", content: "what is this", images: [PNG] }]);
    expect(r.error?.code).toBe("unsupported:api");
    expect(r.error?.message).toContain("messages[0].content[1].image_url");
  });

  it("refuses an image that is not an image data URL", async () => {
    const r = await run("local-all", [{ role: "user", content: "x", images: ["https://example.com/cat.png"] }]);
    expect(r.error?.code).toBe("unsupported:api");
    const r2 = await run("local-all", [{ role: "user", content: "x", images: ["data:text/html;base64,PGI+"] }]);
    expect(r2.error?.code).toBe("bad_request:api");
  });

  it("relays tool calls a model makes unasked, in OpenAI's delta shape", async () => {
    const r = await run("gpt-toolcall", [{ role: "user", content: "weather in Oslo" }]);
    expect(r.error).toBeUndefined();
    expect(r.finish).toBe("tool_calls");
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0].function.name).toBe("get_weather");
    expect(JSON.parse(r.calls[0].function.arguments)).toEqual({ q: "weather in Oslo", n: 0 });
  });

  it("keeps plain text chats as they were", async () => {
    const r = await run("gpt", [{ role: "user", content: "hi you" }]);
    expect(r.error).toBeUndefined();
    expect(r.calls).toHaveLength(0);
    expect(r.text.length).toBeGreaterThan(0);
  });
});
