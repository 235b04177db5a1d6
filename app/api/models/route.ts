import { modelCapabilities } from "@/lib/api/capabilities";
import { safeError } from "@/lib/http/safe-error";
import { testModelsEnabled } from "@/lib/models/test-models";
import { listDirectModels } from "@/lib/providers/remote-chat";

export const dynamic = "force-dynamic";

/**
 * `GET /api/models`: configured remote models for the model picker (no base URLs, no key names, no
 * anonymous-only models) with their capabilities (the chat offers image attach for `vision`), and whether the test fixtures may be listed (`JOUST_TEST_MODELS=1`).
 */
export async function GET() {
  try {
    const models = (await listDirectModels())
      .filter((m) => !m.embeddingsOnly)
      .map((m) => ({ ...m, capabilities: modelCapabilities(m.name) }));
    return Response.json({ models, testModels: testModelsEnabled() });
  } catch (err) {
    return safeError(err, "internal:config", "models").toResponse();
  }
}
