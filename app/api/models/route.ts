import { safeError } from "@/lib/http/safe-error";
import { listDirectModels } from "@/lib/providers/remote-chat";

export const dynamic = "force-dynamic";

/** `GET /api/models`: configured remote models for the model picker (no base URLs, no key names, no anonymous-only models). */
export async function GET() {
  try {
    return Response.json({ models: await listDirectModels() });
  } catch (err) {
    return safeError(err, "internal:config", "models").toResponse();
  }
}
