/** A comma-separated setting (JOUST_API_KEYS, JOUST_CORS_ORIGINS) as its non-empty, trimmed items. */
export function commaList(raw: string | undefined): string[] {
  return (raw ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * `derive` over a setting's text, worked out again only when the text changes: the API reads its
 * settings on every request, and tests change them between cases.
 */
export function perSetting<T>(derive: (raw: string | undefined) => T): (raw: string | undefined) => T {
  let last: { raw: string | undefined; value: T } | undefined;
  return (raw) => {
    if (!last || last.raw !== raw) last = { raw, value: derive(raw) };
    return last.value;
  };
}
