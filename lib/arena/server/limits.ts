/**
 * Batch limits shared by the vote service, the route schemas and the browser's vote sync (lib/arena/sync.ts).
 * A pure module: the client imports it, so it must never import server code.
 */
export const MAX_VOTES_PER_BATCH = 50;
