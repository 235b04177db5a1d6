/** The recently used models (localStorage, most recent first), shown first by the model picker. */
import { pushRecent } from "./picker";

const KEY = "joust:recent-models";

export function readRecent(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? "[]") as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

export function rememberRecent(id: string): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(pushRecent(readRecent(), id)));
  } catch {
    // storage full or blocked: the picker just shows no recent models
  }
}
