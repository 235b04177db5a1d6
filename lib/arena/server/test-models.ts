import "server-only";

/**
 * Test models (the deterministic `fake:*` engines and the generated `transformers:tiny-chat`) exist for
 * the test suite. A production server refuses battles that declare them unless JOUST_TEST_MODELS=1
 * (scripts/e2e-server.mjs sets it), so nobody can put votes on the leaderboard under a test name.
 */
export const TEST_MODEL_IDS: ReadonlySet<string> = new Set(["transformers:tiny-chat"]);

export function testModelsEnabled(): boolean {
  return process.env.JOUST_TEST_MODELS === "1";
}

/** True for a `fake` backend or a test model id. */
export function isTestModel(m: { id: string; backend: string }): boolean {
  return m.backend === "fake" || m.id.startsWith("fake:") || TEST_MODEL_IDS.has(m.id);
}
