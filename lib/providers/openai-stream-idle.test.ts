import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JoustError } from "@/lib/errors";
import { drainFeed } from "@/lib/feed";
import { parseConfig, setConfigForTests } from "./config";
import { chatFeed } from "./remote-chat";
import { startUpstream, stubReply, TEST_ENV, type StubHandle } from "./test-stub";

// The passthrough's idle timer notes each read's time instead of re-arming a timer per token: a stream
// longer than the limit in all, but never idle that long, must complete; one that stalls must time out
// at the limit, not later.
let stub: StubHandle;
beforeAll(async () => {
  stub = await startUpstream();
  Object.assign(process.env, TEST_ENV);
  const model = (name: string, upstream: string) => ({
    name,
    provider: "openai",
    model: upstream,
    baseUrl: `${stub.url}/v1`,
    apiKeyEnv: "T_OPENAI",
    timeoutMs: 150,
  });
  setConfigForTests(
    parseConfig({ models: [model("steady", "stub-gpt-delay40-t10"), model("stalled", "stub-gpt-delay600")] }, "t"),
  );
});
afterAll(async () => {
  setConfigForTests(undefined);
  await stub.close();
});

async function run(name: string) {
  const started = performance.now();
  let text = "";
  let error: JoustError | undefined;
  try {
    await drainFeed(
      chatFeed(name, { messages: [{ role: "user", content: "hi" }] }, new AbortController().signal),
      (b) => {
        for (const e of b) if (e.json) text += JSON.parse(e.json) as string;
      },
    );
  } catch (e) {
    error = e as JoustError;
  }
  return { text, error, ms: performance.now() - started };
}

describe("passthrough idle timeout", () => {
  it("a stream that takes longer than the limit but is never idle that long completes", async () => {
    const r = await run("steady");
    expect(r.error).toBeUndefined();
    expect(r.text).toBe(stubReply("hi", 10));
    expect(r.ms).toBeGreaterThan(300);
  });

  it("a stream that stalls times out at the limit", async () => {
    const r = await run("stalled");
    expect(r.error?.code).toBe("timeout:provider");
    expect(r.ms).toBeLessThan(500);
  });
});
