/**
 * A second production server as a fresh install runs it: no test models (JOUST_TEST_MODELS=0), a fresh
 * data dir, and the config a spec chooses. Started by scripts/e2e-server.mjs on a port of its own.
 */
import { spawn, type ChildProcess } from "node:child_process";

export interface FreshServer {
  baseURL: string;
  stop: () => Promise<void>;
}

async function waitUp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`fresh server exited with ${child.exitCode}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`fresh server at ${url} did not answer within ${timeoutMs} ms`);
}

/** `template`: a config template under e2e/ ("{{STUB}}" = the stub upstream), or "none" for no remote model. */
export async function startFreshServer(port: number, template: string): Promise<FreshServer> {
  const child = spawn("node", ["scripts/e2e-server.mjs"], {
    env: {
      ...process.env,
      E2E_PORT: String(port),
      JOUST_API_PORT: String(port + 1),
      E2E_CONFIG_TEMPLATE: template,
      JOUST_TEST_MODELS: "0",
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true, // its own process group: stop() ends next-server too, not only the wrapper
  });
  const baseURL = `http://127.0.0.1:${port}`;
  await waitUp(`${baseURL}/api/models`, child, 120_000);
  return {
    baseURL,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        process.kill(-child.pid!, "SIGTERM");
      }),
  };
}
