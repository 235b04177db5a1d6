import "server-only";

/**
 * Test fixtures: the deterministic `fake:*` engines and the generated `transformers:tiny-chat`.
 * `JOUST_TEST_MODELS=1` turns them on (only the e2e setup sets it): listed by the catalog, and allowed in
 * battles. A production install never lists them, and its server refuses battles that declare them, so
 * nobody can put votes on the leaderboard under a test name. Read at request time, so the same build
 * runs both ways.
 */
export const TEST_MODEL_IDS: ReadonlySet<string> = new Set(["transformers:tiny-chat"]);

export function testModelsEnabled(): boolean {
  return process.env.JOUST_TEST_MODELS === "1";
}

/** True for a `fake` backend or a test model id. */
export function isTestModel(m: { id: string; backend: string }): boolean {
  return m.backend === "fake" || m.id.startsWith("fake:") || TEST_MODEL_IDS.has(m.id);
}
