import "server-only";
import { createHmac } from "node:crypto";

/**
 * What the database keeps of a client (its rate-limit key: an address or a bearer key): a keyed hash,
 * stable for one server secret, so the data never holds raw IPs or API keys.
 */
export function hashClientKey(secret: string, clientKey: string): string {
  return `h:${createHmac("sha256", secret).update(`client\u0000${clientKey}`).digest("base64url").slice(0, 32)}`;
}
