/**
 * Browser-side hint: does a reply name its own model or vendor? If so the vote will not count
 * for the anonymous leaderboard. The server decides (`VoteResult.counted`); this only warns early.
 * The hint never says WHICH name was found (that would reveal the model).
 */
import { IDENTITY_WORDS } from "./identity-words";

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Words to look for: the vendor list plus the parts of the known model names (ids, display names). */
export function identityWords(knownNames: string[] = []): string[] {
  const words = new Set<string>(IDENTITY_WORDS);
  for (const name of knownNames) {
    const bare = name.replace(/^[a-z]+:/, "").toLowerCase();
    if (bare.length >= 3) words.add(bare);
    for (const part of bare.split(/[\s/_:-]+/))
      if (part.length >= 4 && !/^\d/.test(part) && !GENERIC.has(part)) words.add(part);
  }
  return [...words];
}

const GENERIC = new Set([
  "chat",
  "instruct",
  "model",
  "test",
  "tiny",
  "mini",
  "small",
  "large",
  "base",
  "stub",
  "fake",
]);

/** True when `text` mentions a model or vendor name as a word. */
export function mentionsIdentity(text: string, knownNames: string[] = []): boolean {
  const lower = text.toLowerCase();
  return identityWords(knownNames).some((w) => new RegExp(`(^|[^a-z0-9])${escape(w)}([^a-z0-9]|$)`).test(lower));
}
