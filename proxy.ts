import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy } from "./lib/csp";
import { hostAllowed } from "./lib/http/host-allow-list";

/**
 * Every page and route: refuse a `Host` outside JOUST_ALLOWED_HOSTS (421) when that is set, and send the
 * Content-Security-Policy, built per request so JOUST_CSP_CONNECT_SRC takes effect without a rebuild.
 */
export function proxy(request: NextRequest) {
  if (!hostAllowed(request.headers.get("host"), process.env.JOUST_ALLOWED_HOSTS)) {
    return new NextResponse("Misdirected request: this host name is not served here.\n", {
      status: 421,
      headers: { "content-type": "text/plain" },
    });
  }
  const res = NextResponse.next();
  res.headers.set(
    "content-security-policy",
    contentSecurityPolicy({
      dev: process.env.NODE_ENV !== "production",
      extraConnect: process.env.JOUST_CSP_CONNECT_SRC,
    }),
  );
  res.headers.set("x-content-type-options", "nosniff");
  res.headers.set("referrer-policy", "same-origin");
  return res;
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
