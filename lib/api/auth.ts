import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { JoustError } from "@/lib/errors";
import type { HeaderBag } from "@/lib/rate-limit";

/** Keys from JOUST_API_KEYS (comma-separated); none configured = /api/v1 is open, as FastChat's --api-keys. */
export function configuredKeys(raw = process.env.JOUST_API_KEYS): string[] {
  return (raw ?? "").split(",").map((k) => k.trim()).filter(Boolean);
}

const digest = (s: string) => createHash("sha256").update(s).digest();

let parsed: { raw: string | undefined; digests: Buffer[] } | undefined;
/** The configured keys' digests, worked out once per value of JOUST_API_KEYS (this runs on every API request). */
function keyDigests(): Buffer[] {
  const raw = process.env.JOUST_API_KEYS;
  if (!parsed || parsed.raw !== raw) parsed = { raw, digests: configuredKeys(raw).map(digest) };
  return parsed.digests;
}

/** Throws `unauthorized:api` unless the bearer key is one of the configured keys (compared in constant time). */
export function requireApiKey(headers: HeaderBag, keys?: string[]): void {
  const digests = keys ? keys.map(digest) : keyDigests();
  if (!digests.length) return;
  const auth = headers.get("authorization") ?? "";
  const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
  if (!m) throw new JoustError("unauthorized:api", "Missing API key: send it as 'Authorization: Bearer <key>'.");
  const given = digest(m[1].trim());
  let ok = false;
  for (const d of digests) ok = timingSafeEqual(given, d) || ok;
  if (!ok) throw new JoustError("unauthorized:api", "Incorrect API key provided.");
}
