import { preflight } from "@/lib/api/cors";
import { v1ModelList, withV1 } from "@/lib/api/v1";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return withV1(req, v1ModelList, { rateLimit: false });
}

export const OPTIONS = preflight;
