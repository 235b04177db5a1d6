import "server-only";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { JoustError, type Surface } from "@/lib/errors";

/**
 * Optional access control for the app itself, like NextChat's access code: with JOUST_ACCESS_CODE set,
 * /api/chat and the arena routes answer only requests that carry the code — the `joust_access` cookie the
 * /access form sets, or an `X-Access-Code` header (scripts). The cookie holds a keyed digest, not the code.
 */
export const ACCESS_COOKIE = "joust_access";

export function accessCode(): string | undefined {
  return process.env.JOUST_ACCESS_CODE?.trim() || undefined;
}

/** The cookie value for a code. */
export function accessToken(code: string): string {
  return createHmac("sha256", "joust-access-v1").update(code).digest("base64url");
}

const same = (a: string, b: string) => {
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y);
};

/** Whether `given` is the configured code (constant time). */
export function isAccessCode(given: string): boolean {
  const code = accessCode();
  return code !== undefined && same(given, code);
}

function cookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

/** Throws `unauthorized:<surface>` (details.access = true) when an access code is set and the request lacks it. */
export function requireAccess(request: Request, surface: Surface): void {
  const code = accessCode();
  if (!code) return;
  const fromCookie = cookie(request.headers.get("cookie"), ACCESS_COOKIE);
  if (fromCookie !== undefined && same(fromCookie, accessToken(code))) return;
  const header = request.headers.get("x-access-code");
  if (header !== null && same(header, code)) return;
  throw new JoustError(`unauthorized:${surface}`, "This server needs an access code: enter it at /access.", {
    access: true,
  });
}
