import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { env } from "@/lib/env";

/**
 * Battle tokens: `<battleId>.<expiresAtMs>.<base64url HMAC-SHA256(secret, battleId "." expiresAtMs)>`.
 * The secret is JOUST_SECRET, else one generated once and kept in `${JOUST_DATA_DIR}/battle-secret`.
 */
export type TokenCheck =
  | { ok: true; battleId: string; expiresAt: number }
  | { ok: false; reason: "malformed" | "forged" | "expired" | "wrong_battle" };

export function signToken(secret: string, battleId: string, expiresAt: number): string {
  return `${battleId}.${expiresAt}.${mac(secret, battleId, expiresAt)}`;
}

export function verifyToken(secret: string, token: string, battleId: string, now = Date.now()): TokenCheck {
  const parts = typeof token === "string" ? token.split(".") : [];
  if (parts.length !== 3 || !parts[0] || !/^\d{1,16}$/.test(parts[1]) || !/^[A-Za-z0-9_-]{43}$/.test(parts[2])) {
    return { ok: false, reason: "malformed" };
  }
  const [id, exp, sig] = parts;
  const expiresAt = Number(exp);
  // Compare the canonical text, not decoded bytes: base64url's last character carries 2 unused bits,
  // so decoding would accept 4 spellings of one signature.
  const expected = Buffer.from(mac(secret, id, expiresAt), "ascii");
  const given = Buffer.from(sig, "ascii");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "forged" };
  if (id !== battleId) return { ok: false, reason: "wrong_battle" };
  if (expiresAt <= now) return { ok: false, reason: "expired" };
  return { ok: true, battleId: id, expiresAt };
}

function mac(secret: string, battleId: string, expiresAt: number): string {
  return createHmac("sha256", secret).update(`${battleId}.${expiresAt}`).digest("base64url");
}

let cachedSecret: string | undefined;
/** The battle-token secret (env, else persisted in the data dir; created atomically on first use). */
export function battleSecret(): string {
  if (cachedSecret) return cachedSecret;
  const e = env();
  if (e.JOUST_SECRET) return (cachedSecret = e.JOUST_SECRET);
  mkdirSync(e.JOUST_DATA_DIR, { recursive: true });
  const file = join(e.JOUST_DATA_DIR, "battle-secret");
  try {
    writeFileSync(file, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  cachedSecret = readFileSync(file, "utf8").trim();
  return cachedSecret;
}

export function resetBattleSecretCache(): void {
  cachedSecret = undefined;
}
