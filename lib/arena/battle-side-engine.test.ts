import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, makeChunk } from "@/lib/chat-protocol/chunks";
import { SSE_DONE, sseData, sseError } from "@/lib/sse";
import { BattleSideEngine } from "./battle-side-engine";

let base = "";
const bodies: unknown[] = [];
const server = createServer((req, res) => {
  let raw = "";
  req.on("data", (c) => (raw += c));
  req.on("end", () => {
    const body = JSON.parse(raw) as { token: string; side: string };
    bodies.push({ url: req.url, ...body });
    if (body.token === "expired") {
      res
        .writeHead(403, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { code: "forbidden:arena", message: "Battle token expired." } }));
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(sseData(JSON.stringify(makeChunk("c1", "hidden", "Hel"))));
    res.write(sseData(JSON.stringify(makeChunk("c1", "hidden", "lo"))));
    if (body.token === "midfail") {
      res.end(sseError({ code: "upstream:provider", message: "Provider hung up." }));
      return;
    }
    res.write(sseData(JSON.stringify(makeChunk("c1", "hidden", undefined, "stop"))));
    res.end(SSE_DONE);
  });
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("BattleSideEngine", () => {
  it("posts a SideStreamRequest to the battle stream and yields the SSE chunks", async () => {
    const engine = new BattleSideEngine({ battleId: "b 1", token: "tok", side: "b", baseUrl: base });
    const out = await collect(engine.stream({ messages: [{ role: "user", content: "hi" }], temperature: 0.5 }));
    expect(out).toMatchObject({ text: "Hello", finishReason: "stop" });
    expect(bodies.at(-1)).toEqual({
      url: "/api/arena/battles/b%201/stream",
      token: "tok",
      side: "b",
      temperature: 0.5,
      messages: [{ role: "user", content: "hi" }],
    });
    expect(engine.modelId).toBe("battle-side-b");
  });

  it("turns HTTP and mid-stream errors into typed errors", async () => {
    const expired = new BattleSideEngine({ battleId: "x", token: "expired", side: "a", baseUrl: base });
    await expect(collect(expired.stream({ messages: [] }))).rejects.toMatchObject({ code: "forbidden:arena" });
    const mid = new BattleSideEngine({ battleId: "x", token: "midfail", side: "a", baseUrl: base });
    await expect(collect(mid.stream({ messages: [] }))).rejects.toMatchObject({ code: "upstream:provider" });
  });
});
