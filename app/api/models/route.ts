import { JoustError } from "@/lib/errors";
import { listPublicModels } from "@/lib/providers/remote-chat";

export const dynamic = "force-dynamic";

/** `GET /api/models`: configured remote models for the model picker (no base URLs, no key names). */
export async function GET() {
  try {
    return Response.json({ models: (await listPublicModels()).filter((m) => !m.embeddingsOnly) });
  } catch (err) {
    return JoustError.from(err, "internal:config").toResponse();
  }
}
