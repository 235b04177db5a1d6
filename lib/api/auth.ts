import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { JoustError } from "@/lib/errors";
import type { HeaderBag } from "@/lib/rate-limit";
import { commaList, perSetting } from "./setting";

const digest = (s: string) => createHash("sha256").update(s).digest();
const keyDigests = perSetting((raw) => commaList(raw).map(digest));

/**
 * Throws `unauthorized:<surface>` unless the bearer key is one of JOUST_API_KEYS (comma-separated;
 * compared in constant time). No keys configured = open, as FastChat's --api-keys.
 */
export function requireApiKey(headers: HeaderBag, surface: "api" | "import" = "api"): void {
  const digests = keyDigests(process.env.JOUST_API_KEYS);
  if (!digests.length) return;
  const auth = headers.get("authorization") ?? "";
  const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
  if (!m) throw new JoustError(`unauthorized:${surface}`, "Missing API key: send it as 'Authorization: Bearer <key>'.");
  const given = digest(m[1].trim());
  let ok = false;
  for (const d of digests) ok = timingSafeEqual(given, d) || ok;
  if (!ok) throw new JoustError(`unauthorized:${surface}`, "Incorrect API key provided.");
}
