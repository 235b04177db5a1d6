/**
 * What a server start says about its security settings (logged once by instrumentation.ts): what is
 * open by default, so an operator does not learn it from an abuse report.
 */
export function securityNotes(env: Record<string, string | undefined> = process.env): string[] {
  const notes: string[] = [];
  if (!env.JOUST_API_KEYS?.trim()) {
    notes.push(
      "JOUST_API_KEYS is not set: the OpenAI-compatible API (/api/v1 and the API port) is open to anyone who can reach this server (set keys to require 'Authorization: Bearer <key>').",
    );
  }
  if (!env.JOUST_ADMIN_KEY?.trim())
    notes.push("JOUST_ADMIN_KEY is not set: importing battles and exporting conversations over HTTP are disabled.");
  if (env.JOUST_TEST_MODELS === "1")
    notes.push(
      "JOUST_TEST_MODELS=1: test models (fake:*, transformers:tiny-chat) may take part in battles. Never on a public server.",
    );
  if (!Number(env.JOUST_TRUSTED_PROXY_HOPS ?? 0)) {
    notes.push(
      "JOUST_TRUSTED_PROXY_HOPS is 0: X-Forwarded-For is ignored; behind a reverse proxy set it to the number of proxies, or every client shares one rate-limit bucket.",
    );
  }
  return notes;
}
