import "server-only";
import { JoustError, type Surface } from "@/lib/errors";
import { commaList, perSetting } from "@/lib/api/setting";
import { trustedProxyHops, type HeaderBag } from "@/lib/rate-limit";
import { hostAllowed } from "./host-allow-list";

const originList = perSetting((raw) => new Set(commaList(raw).map((o) => o.toLowerCase().replace(/\/+$/, ""))));

/** JOUST_ALLOWED_HOSTS inside a route (proxy.ts checks it first for every path; see ./host-allow-list). */
export function checkHost(headers: HeaderBag, surface: Surface = "api"): void {
  if (!hostAllowed(headers.get("host"), process.env.JOUST_ALLOWED_HOSTS))
    throw new JoustError(`forbidden:${surface}`, "This host name is not served here.");
}

/**
 * A state-changing request must come from this site: a browser's `Origin` (sent with every cross-origin
 * and every POST request) must be this server's own or one of JOUST_ALLOWED_ORIGINS, `Sec-Fetch-Site` must
 * not say cross-site, and the body must be declared as one of `types` (JSON by default). A form or a
 * `mode: "no-cors"` fetch from another website can send neither a foreign Origin that passes nor such a
 * Content-Type, so it cannot import battles or spend provider keys. Clients that are not browsers send no
 * Origin and pass the Origin part.
 */
export function checkSameSite(request: Request, surface: Surface, types: string[] = ["application/json"]): void {
  const h = request.headers;
  checkHost(h, surface);
  checkOrigin(h, surface, originList(process.env.JOUST_ALLOWED_ORIGINS));
  checkContentType(h, surface, types);
}

/**
 * The Origin part alone, for the OpenAI-compatible API (whose clients are mostly not browsers): a browser's
 * cross-site POST needs an Origin in `allowed` (JOUST_CORS_ORIGINS there) or this server's own, and JSON.
 */
export function checkBrowserRequest(h: HeaderBag, surface: Surface, allowed: ReadonlySet<string>): void {
  checkOrigin(h, surface, allowed);
  const browser = h.get("origin") !== null || h.get("sec-fetch-site") !== null;
  if (browser) checkContentType(h, surface, ["application/json"]);
}

/** Refuses a foreign Origin, or a cross-site fetch whose Origin is not on the allow-list. */
function checkOrigin(h: HeaderBag, surface: Surface, allowed: ReadonlySet<string>): void {
  const origin = h.get("origin");
  const listed = origin !== null && (allowed.has("*") || allowed.has(origin.toLowerCase().replace(/\/+$/, "")));
  // Behind trusted proxies the Host may be rewritten: the host the browser used is then X-Forwarded-Host.
  const hosts = [h.get("host"), trustedProxyHops() ? (h.get("x-forwarded-host")?.split(",")[0].trim() ?? null) : null];
  if (origin !== null && !listed && !hosts.some((host) => sameOrigin(origin, host))) {
    throw new JoustError(`forbidden:${surface}`, "Cross-site request refused: the Origin is not this site.");
  }
  if (!listed && h.get("sec-fetch-site") === "cross-site") {
    throw new JoustError(`forbidden:${surface}`, "Cross-site request refused.");
  }
}

function checkContentType(h: HeaderBag, surface: Surface, types: string[]): void {
  const type = (h.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (!types.includes(type)) {
    throw new JoustError(`bad_request:${surface}`, `Content-Type must be ${types.join(" or ")}.`, {
      field: "content-type",
    });
  }
}

function sameOrigin(origin: string, host: string | null): boolean {
  if (!host) return false;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false; // "null" (sandboxed frames, file:) or garbage
  }
}
