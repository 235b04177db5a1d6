/**
 * JOUST_ALLOWED_HOSTS (comma-separated `host[:port]`, case-insensitive): when set, only requests whose
 * `Host` header is one of them are served — against DNS rebinding, where a hostile domain resolves to an
 * intranet server and a page on it reads the answers. Unset = every host (the default).
 */
export function hostAllowed(host: string | null, setting: string | undefined): boolean {
  const allowed = (setting ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (!allowed.length) return true;
  return host !== null && allowed.includes(host.trim().toLowerCase());
}
