import { NextResponse, type NextRequest } from "next/server";
import { hostAllowed } from "./lib/http/host-allow-list";

/** Every page and route: refuse a `Host` outside JOUST_ALLOWED_HOSTS (421), when that is set. */
export function proxy(request: NextRequest) {
  if (hostAllowed(request.headers.get("host"), process.env.JOUST_ALLOWED_HOSTS)) return NextResponse.next();
  return new NextResponse("Misdirected request: this host name is not served here.\n", { status: 421, headers: { "content-type": "text/plain" } });
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
