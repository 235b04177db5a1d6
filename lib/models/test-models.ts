import "server-only";

/**
 * `JOUST_TEST_MODELS=1` turns the test fixtures on (the tiny generated model, the fake engines).
 * Only the e2e setup sets it; a production install never lists them. Read at request time, so the
 * same build runs both ways.
 */
export function testModelsEnabled(): boolean {
  return process.env.JOUST_TEST_MODELS === "1";
}
