import "server-only";
import { randomUUID } from "node:crypto";
import { JoustError, type ErrorCode } from "@/lib/errors";

/**
 * The error a client may see. A typed JoustError (other than `internal`) passes as it is; anything else
 * — a database error, a bug — is logged here with a short id and answered as `fallback` with only that id:
 * database and driver texts (table names, SQL, hosts) never reach a client.
 */
export function safeError(err: unknown, fallback: ErrorCode, where = "joust"): JoustError {
  if (err instanceof JoustError && err.type !== "internal") return err;
  const id = randomUUID().slice(0, 8);
  console.error(`[${where}] error ${id}:`, err);
  return new JoustError(fallback, `Internal error (id ${id}); the server log has the details.`, { errorId: id });
}
