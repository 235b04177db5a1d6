/**
 * Typed errors shared by the UI, the Web Workers and the HTTP API.
 * A code is `${type}:${surface}`; it survives `postMessage` and JSON because
 * only `{ code, message }` crosses a boundary and `JoustError.from` rebuilds it.
 */
export type ErrorType =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "rate_limit"
  | "unsupported"
  | "context_overflow"
  | "aborted"
  | "offline"
  | "upstream"
  | "timeout"
  | "unavailable"
  | "internal";

export type Surface =
  | "api"
  | "chat"
  | "engine"
  | "webgpu"
  | "model"
  | "download"
  | "provider"
  | "config"
  | "arena"
  | "vote"
  | "leaderboard"
  | "import"
  | "database";

export type ErrorCode = `${ErrorType}:${Surface}`;

const STATUS: Record<ErrorType, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limit: 429,
  unsupported: 422,
  context_overflow: 400,
  aborted: 499,
  offline: 503,
  upstream: 502,
  timeout: 504,
  unavailable: 503,
  internal: 500,
};

export interface SerializedError {
  code: ErrorCode;
  message: string;
  /** Extra, non-secret details the UI may show (e.g. retryAfter seconds, field name). */
  details?: Record<string, unknown>;
}

export class JoustError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "JoustError";
    this.code = code;
    this.details = details;
  }

  get type(): ErrorType {
    return this.code.split(":")[0] as ErrorType;
  }

  get surface(): Surface {
    return this.code.split(":")[1] as Surface;
  }

  get status(): number {
    return STATUS[this.type] ?? 500;
  }

  toJSON(): SerializedError {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }

  /** `{error:{code,message}}` with the mapped HTTP status (and Retry-After when `details.retryAfter` says when). */
  toResponse(headers?: HeadersInit): Response {
    const res = Response.json({ error: this.toJSON() }, { status: this.status, headers });
    const retry = this.details?.retryAfter;
    if (typeof retry === "number" && !res.headers.has("retry-after")) res.headers.set("retry-after", String(retry));
    return res;
  }

  /** Rebuild a typed error from anything: a JoustError, a serialized one, an AbortError, or an unknown throw. */
  static from(value: unknown, fallback: ErrorCode = "internal:engine"): JoustError {
    if (value instanceof JoustError) return value;
    if (isSerializedError(value)) return new JoustError(value.code, value.message, value.details);
    if (isRecord(value) && isSerializedError(value.error)) return JoustError.from(value.error, fallback);
    if (isAbortError(value)) return new JoustError("aborted:chat", "Generation was stopped.");
    const message = value instanceof Error ? value.message : typeof value === "string" ? value : "Unexpected error";
    return new JoustError(fallback, message);
  }
}

export function isSerializedError(value: unknown): value is SerializedError {
  return (
    isRecord(value) &&
    typeof value.code === "string" &&
    /^[a-z_]+:[a-z_]+$/.test(value.code) &&
    typeof value.message === "string"
  );
}

export function isAbortError(value: unknown): boolean {
  return isRecord(value) && (value.name === "AbortError" || (value as { code?: unknown }).code === "aborted:chat");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Client-side fetch that turns `{error:{code,message}}` bodies back into JoustError. */
export async function fetchJson<T>(input: RequestInfo | URL, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(input, init);
  } catch (err) {
    if (isAbortError(err)) throw JoustError.from(err);
    throw new JoustError("offline:api", "Network request failed: the server could not be reached.");
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    throw isRecord(body) && isSerializedError(body.error)
      ? JoustError.from(body.error)
      : new JoustError("internal:api", `Request failed with HTTP ${res.status}`);
  }
  return body as T;
}
