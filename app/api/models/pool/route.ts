import { safeError } from "@/lib/http/safe-error";
import { remotePool } from "@/lib/models/pool";
import { testModelsEnabled } from "@/lib/models/test-models";
import { listPublicModels } from "@/lib/providers/remote-chat";

export const dynamic = "force-dynamic";

/**
 * `GET /api/models/pool`: how many remote models an anonymous battle may draw right now, without
 * their names (the anonymous arena must not learn them before the vote), and whether test models are on.
 */
export async function GET() {
  try {
    return Response.json({ remote: remotePool(await listPublicModels()).length, testModels: testModelsEnabled() });
  } catch (err) {
    return safeError(err, "internal:config", "models").toResponse();
  }
}
