/**
 * Runs once per server start (Next.js instrumentation hook).
 *
 * 1. Opening the vote store on a fresh data dir runs PGlite's initdb and our migrations, which takes
 *    seconds (~30 s on a loaded machine); done lazily, the first POST /api/arena/battles paid for it.
 *    Start it now, in the background: the server keeps answering while it opens, and the first
 *    arena/leaderboard request awaits the same shared promise.
 * 2. With JOUST_API_PORT set, the OpenAI-compatible API is also served on that port by a lean
 *    listener in this process (lib/api/api-port-server.ts), beside /api/v1 on the app's port.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  for (const note of (await import("./lib/security-notes")).securityNotes()) console.warn(`[joust] ${note}`);
  if (process.env.JOUST_API_PORT) await startApi(process.env.JOUST_API_PORT, process.env.JOUST_API_HOST);
  if (process.env.JOUST_WARM_STORE === "0") return;
  const { getVoteStore } = await import("./lib/votes/store");
  const started = Date.now();
  getVoteStore().then(
    () => console.log(`[joust] vote store ready in ${Date.now() - started} ms`),
    (e: unknown) =>
      console.error(
        "[joust] vote store warm-up failed (the first request will retry):",
        e instanceof Error ? e.message : e,
      ),
  );
}

const STARTED = Symbol.for("joust.apiListener");

async function startApi(rawPort: string, host: string | undefined): Promise<void> {
  const g = globalThis as { [STARTED]?: boolean };
  if (g[STARTED]) return; // dev servers may register twice
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`[joust] JOUST_API_PORT must be a port number, got '${rawPort}': the API listener is not started.`);
    return;
  }
  g[STARTED] = true;
  const { startApiListener } = await import("./lib/api/api-port-server");
  try {
    const { port: bound } = await startApiListener(port, host || undefined);
    console.log(`[joust] OpenAI-compatible API listening on http://${host || "localhost"}:${bound}/v1`);
  } catch (e) {
    g[STARTED] = false;
    console.error(`[joust] the API listener could not start on port ${port}:`, e instanceof Error ? e.message : e);
  }
}
