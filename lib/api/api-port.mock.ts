import type { Server } from "node:http";
import OpenAI from "openai";
import { afterAll, beforeAll } from "vitest";
import { setConfigForTests } from "@/lib/providers/config";
import { startUpstream, stubConfig, type StubHandle } from "@/lib/providers/test-stub";
import { startApiListener } from "./api-port-server";

export interface ApiPort {
  /** The stub upstreams (each provider's wire format). */
  stub: StubHandle;
  /** `http://127.0.0.1:<port>` of the API listener. */
  base: string;
  /** The official `openai` client pointed at the listener. */
  client(apiKey?: string, path?: string): OpenAI;
}

/**
 * For a test file: stub upstreams and the API port (JOUST_API_PORT's listener) on a free port, configured
 * with `extra` (limits, images, …) before all tests and torn down after them. Read the fields inside tests.
 */
export function apiPortForTests(extra: Record<string, unknown>): ApiPort {
  let server: Server | undefined;
  const api = {
    client: (apiKey = "none", path = "/v1") =>
      new OpenAI({ apiKey, baseURL: `${api.base}${path}`, maxRetries: 0, timeout: 10_000 }),
  } as ApiPort;
  beforeAll(async () => {
    api.stub = await startUpstream();
    stubConfig(api.stub.url, extra);
    const l = await startApiListener(0, "127.0.0.1");
    server = l.server;
    api.base = `http://127.0.0.1:${l.port}`;
  });
  afterAll(async () => {
    setConfigForTests(undefined);
    await new Promise((r) => server?.close(r));
    await api.stub?.close();
  });
  return api;
}
