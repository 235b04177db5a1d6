/**
 * Runs once per server start (Next.js instrumentation hook). Opening the vote store on a fresh data dir
 * runs PGlite's initdb and our migrations, which takes seconds (~30 s on a loaded machine); done lazily, the
 * first POST /api/arena/battles paid for it. Start it now, in the background: the server keeps answering
 * while it opens, and the first arena/leaderboard request awaits the same shared promise.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.JOUST_WARM_STORE === "0") return;
  const { getVoteStore } = await import("./lib/votes/store");
  const started = Date.now();
  getVoteStore().then(
    () => console.log(`[joust] vote store ready in ${Date.now() - started} ms`),
    (e: unknown) => console.error("[joust] vote store warm-up failed (the first request will retry):", e instanceof Error ? e.message : e),
  );
}
