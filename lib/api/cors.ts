import { commaList, perSetting } from "./setting";
import type { HeaderBag } from "@/lib/rate-limit";

const originsOf = perSetting(commaList);

const originSet = perSetting((raw) => new Set(commaList(raw).map((o) => o.toLowerCase().replace(/\/+$/, ""))));

/** JOUST_CORS_ORIGINS as a set ("*" included as is): the browser origins allowed to call /api/v1. */
export function corsOrigins(raw = process.env.JOUST_CORS_ORIGINS): ReadonlySet<string> {
  return originSet(raw);
}

/** CORS for /api/v1 from JOUST_CORS_ORIGINS ("*" or a comma-separated list); none set = same-origin only. */
export function corsHeaders(headers: HeaderBag, raw = process.env.JOUST_CORS_ORIGINS): Record<string, string> {
  const allowed = originsOf(raw);
  if (!allowed.length) return {};
  const origin = headers.get("origin");
  if (allowed.includes("*")) return { "access-control-allow-origin": "*", vary: "Origin" };
  if (origin && allowed.includes(origin)) return { "access-control-allow-origin": origin, vary: "Origin" };
  return { vary: "Origin" };
}

/** The headers of the answer to an OPTIONS preflight (status 204, no body). */
export function preflightHeaders(headers: HeaderBag): Record<string, string> {
  const h = corsHeaders(headers);
  if (!h["access-control-allow-origin"]) return h;
  return {
    ...h,
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers":
      "authorization, content-type, openai-organization, openai-project, x-stainless-arch, x-stainless-lang, x-stainless-os, x-stainless-package-version, x-stainless-runtime, x-stainless-runtime-version, x-stainless-retry-count, x-stainless-timeout",
    "access-control-max-age": "600",
  };
}
