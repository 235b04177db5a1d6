/** CORS for /api/v1 from JOUST_CORS_ORIGINS ("*" or a comma-separated list); none set = same-origin only. */
export function corsHeaders(req: Request, raw = process.env.JOUST_CORS_ORIGINS): Record<string, string> {
  const allowed = (raw ?? "").split(",").map((o) => o.trim()).filter(Boolean);
  if (!allowed.length) return {};
  const origin = req.headers.get("origin");
  if (allowed.includes("*")) return { "access-control-allow-origin": "*", vary: "Origin" };
  if (origin && allowed.includes(origin)) return { "access-control-allow-origin": origin, vary: "Origin" };
  return { vary: "Origin" };
}

/** Preflight answer for OPTIONS. */
export function preflight(req: Request): Response {
  const h = corsHeaders(req);
  if (!h["access-control-allow-origin"]) return new Response(null, { status: 204, headers: h });
  return new Response(null, {
    status: 204,
    headers: {
      ...h,
      "access-control-allow-methods": "GET, POST, OPTIONS",
      "access-control-allow-headers": "authorization, content-type, openai-organization, openai-project, x-stainless-arch, x-stainless-lang, x-stainless-os, x-stainless-package-version, x-stainless-runtime, x-stainless-runtime-version, x-stainless-retry-count, x-stainless-timeout",
      "access-control-max-age": "600",
    },
  });
}
