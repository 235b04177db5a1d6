import "server-only";
import { JoustError, type ErrorCode } from "@/lib/errors";
import type { BattleRecord } from "@/lib/votes/sql-store";
import { verifyToken } from "./token";

/** Expired battles answer 410 Gone; the code itself maps to 504 elsewhere, so the status is explicit. */
export const EXPIRED_CODE: ErrorCode = "timeout:vote";

export class ArenaRejection extends JoustError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly httpStatus: number,
  ) {
    super(code, message);
  }
  override get status(): number {
    return this.httpStatus;
  }
}

export function unknownBattle(id: string): ArenaRejection {
  return new ArenaRejection("not_found:arena", `Unknown battle ${id}.`, 404);
}

/**
 * Checks a battle token: malformed → 401, forged or for another battle → 403.
 * (Expiry and "already voted" are separate: a retried vote may still be an idempotent duplicate.)
 */
export function checkToken(
  secret: string,
  battle: BattleRecord,
  token: string,
  now: number,
): ArenaRejection | "expired" | null {
  const t = verifyToken(secret, token, battle.id, now);
  if (t.ok) return battle.expiresAt <= now ? "expired" : null;
  switch (t.reason) {
    case "malformed":
      return new ArenaRejection("unauthorized:vote", "Missing or malformed battle token.", 401);
    case "expired":
      return "expired";
    default:
      return new ArenaRejection("forbidden:vote", "Invalid battle token.", 403);
  }
}

export function expired(id: string): ArenaRejection {
  return new ArenaRejection(EXPIRED_CODE, `Battle ${id} has expired; start a new battle.`, 410);
}
