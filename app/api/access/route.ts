import { takeFailedAuth } from "@/lib/api/limits";
import { parseWith } from "@/lib/api/validate";
import { errorResponse, readJson } from "@/lib/arena/server/http";
import { JoustError } from "@/lib/errors";
import { ACCESS_COOKIE, accessCode, accessToken, isAccessCode } from "@/lib/http/access-code";
import { checkSameSite } from "@/lib/http/request-guard";
import { accessSchema } from "./schema";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/access `{code}` — checks JOUST_ACCESS_CODE and sets the access cookie (30 days). */
export async function POST(request: Request): Promise<Response> {
  try {
    checkSameSite(request, "api");
    const { code } = parseWith(accessSchema, await readJson(request, 4096, "api"));
    if (!accessCode()) return Response.json({ ok: true, required: false });
    if (!isAccessCode(code)) {
      takeFailedAuth(request);
      throw new JoustError("unauthorized:api", "Wrong access code.");
    }
    const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
    const res = Response.json({ ok: true, required: true });
    res.headers.set(
      "set-cookie",
      `${ACCESS_COOKIE}=${accessToken(accessCode()!)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${30 * 86400}${secure}`,
    );
    return res;
  } catch (err) {
    return errorResponse(err, "api");
  }
}
