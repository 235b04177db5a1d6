import { JoustError } from "@/lib/errors";
import { testModelsEnabled } from "@/lib/models/test-models";
import { listPublicModels } from "@/lib/providers";

export const dynamic = "force-dynamic";

/**
 * `GET /api/models`: configured remote models for the model picker (no base URLs, no key names),
 * and whether the test fixtures may be listed (`JOUST_TEST_MODELS=1`).
 */
export async function GET() {
  try {
    return Response.json({ models: await listPublicModels(), testModels: testModelsEnabled() });
  } catch (err) {
    return JoustError.from(err, "internal:config").toResponse();
  }
}
