import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { JoustError } from "@/lib/errors";
import type { HeaderBag } from "@/lib/rate-limit";
import { commaList, perSetting } from "./setting";

const digest = (s: string) => createHash("sha256").update(s).digest();
const keyDigests = perSetting((raw) => commaList(raw).map(digest));

/**
 * Throws `unauthorized:<surface>` unless the bearer key is one of JOUST_API_KEYS (comma-separated;
 * compared in constant time). No keys configured = open, as FastChat's --api-keys. Returns a digest of
 * the validated key (a rate-limit bucket), or undefined when the API is open.
 */
export function requireApiKey(headers: HeaderBag, surface: "api" | "import" = "api"): string | undefined {
  const digests = keyDigests(process.env.JOUST_API_KEYS);
  if (!digests.length) return undefined;
  const auth = headers.get("authorization") ?? "";
  const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
  if (!m) throw new JoustError(`unauthorized:${surface}`, "Missing API key: send it as 'Authorization: Bearer <key>'.");
  const given = digest(m[1].trim());
  let ok = false;
  for (const d of digests) ok = timingSafeEqual(given, d) || ok;
  if (!ok) throw new JoustError(`unauthorized:${surface}`, "Incorrect API key provided.");
  return given.toString("base64url").slice(0, 22);
}

const adminDigest = perSetting((raw) => (raw?.trim() ? digest(raw.trim()) : undefined));

/** Whether the request carries the operator key (JOUST_ADMIN_KEY) as `Authorization: Bearer <key>`. */
export function hasAdminKey(headers: HeaderBag): boolean {
  const want = adminDigest(process.env.JOUST_ADMIN_KEY);
  if (!want) return false;
  const m = /^Bearer\s+(.+)$/i.exec((headers.get("authorization") ?? "").trim());
  return Boolean(m) && timingSafeEqual(digest(m![1].trim()), want);
}

/**
 * Import, export with conversations and any deletion need the operator key (JOUST_ADMIN_KEY), always:
 * unset means nobody may do them over HTTP (the leaderboard CLI works on the database directly).
 */
export function requireAdminKey(headers: HeaderBag, surface: "import" | "arena" = "arena"): void {
  if (!adminDigest(process.env.JOUST_ADMIN_KEY))
    throw new JoustError(
      `forbidden:${surface}`,
      "This needs the operator key, and JOUST_ADMIN_KEY is not set on this server.",
    );
  if (!hasAdminKey(headers))
    throw new JoustError(
      `unauthorized:${surface}`,
      "This needs the operator key: send it as 'Authorization: Bearer <JOUST_ADMIN_KEY>'.",
    );
}
