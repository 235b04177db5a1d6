import type { Server } from "node:http";
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { listenerLimits, startApiListener } from "./api-port-server";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, "127.0.0.1", () => resolve(s));
    s.on("error", reject);
  });
}
const closed = (s: Socket) =>
  new Promise<string>((resolve) => {
    let data = "";
    s.on("data", (d) => (data += d));
    s.on("close", () => resolve(data));
  });

describe("API port connection limits (issue 16)", () => {
  it("closes a slow-loris connection that never finishes its headers", async () => {
    const { server, port } = await startApiListener(
      0,
      "127.0.0.1",
      listenerLimits({ headersTimeout: 300, requestTimeout: 400, checkInterval: 100 }),
    );
    servers.push(server);
    const s = await open(port);
    s.write("GET /v1/models HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    const t0 = Date.now();
    const answer = await closed(s);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it("refuses connections beyond the cap", async () => {
    const { server, port } = await startApiListener(0, "127.0.0.1", listenerLimits({ maxConnections: 2 }));
    servers.push(server);
    const a = await open(port);
    const b = await open(port);
    const c = await open(port);
    const t0 = Date.now();
    await closed(c); // dropped by the server at once
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(a.destroyed || b.destroyed).toBe(false);
    a.destroy();
    b.destroy();
  });

  it("has finite header, request and idle timeouts by default", () => {
    const l = listenerLimits();
    expect(l.headersTimeout).toBeLessThanOrEqual(30_000);
    expect(l.requestTimeout).toBeLessThanOrEqual(120_000);
    expect(l.maxConnections).toBeGreaterThan(0);
  });
});
