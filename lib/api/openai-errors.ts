import { JoustError, type ErrorType } from "@/lib/errors";

/** OpenAI's error body: `{error:{message,type,param,code}}`. */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

const TYPE: Partial<Record<ErrorType, [type: string, code: string | null]>> = {
  bad_request: ["invalid_request_error", null],
  context_overflow: ["invalid_request_error", "context_length_exceeded"],
  unauthorized: ["invalid_request_error", "invalid_api_key"],
  forbidden: ["invalid_request_error", "forbidden"],
  not_found: ["invalid_request_error", "model_not_found"],
  payload_too_large: ["invalid_request_error", "request_too_large"],
  rate_limit: ["rate_limit_error", "rate_limit_exceeded"],
  unsupported: ["invalid_request_error", "unsupported_parameter"],
  upstream: ["api_error", "upstream_error"],
  timeout: ["api_error", "upstream_timeout"],
  unavailable: ["api_error", "model_unavailable"],
  aborted: ["api_error", "aborted"],
};

/** The OpenAI-shaped body for a typed error; `details.param`/`details.code` refine it. */
export function openAiErrorBody(err: JoustError): OpenAiErrorBody {
  const [type, code] = TYPE[err.type] ?? ["server_error", null];
  const d = err.details ?? {};
  return {
    error: {
      message: err.message,
      type,
      param: typeof d.param === "string" ? d.param : null,
      code: typeof d.code === "string" ? d.code : code,
    },
  };
}

/** Status for /api/v1: as JoustError maps it, except unsupported parameters are a plain 400. */
export function openAiStatus(err: JoustError): number {
  return err.type === "unsupported" ? 400 : err.status;
}

export function retryAfterHeader(err: JoustError): Record<string, string> {
  const ra = err.details?.retryAfter;
  return err.type === "rate_limit" ? { "retry-after": String(typeof ra === "number" ? ra : 1) } : {};
}

/** Anything thrown while answering /api/v1, as OpenAI's error reply (internals never shown: JoustError.from). */
export function openAiError(
  value: unknown,
  headers: Record<string, string> = {},
): { status: number; headers: Record<string, string>; json: OpenAiErrorBody } {
  const err = JoustError.from(value, "internal:api");
  return { status: openAiStatus(err), headers: { ...headers, ...retryAfterHeader(err) }, json: openAiErrorBody(err) };
}
