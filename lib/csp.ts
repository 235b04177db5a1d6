/**
 * The app's Content-Security-Policy (sent by proxy.ts with every response). Scripts come from this site
 * only ('unsafe-inline' for Next's inline bootstrap scripts, which carry no nonce without per-request
 * rendering), WebAssembly may compile ('wasm-unsafe-eval'), workers come from this site or blob: URLs
 * (onnxruntime's threads). Fetches go to this site and the model hosts the in-browser engines download
 * from (Hugging Face and its CDNs, web-llm's model libraries on GitHub); JOUST_CSP_CONNECT_SRC adds more
 * (space-separated), e.g. the host of a custom model URL. Frames and plugins are off.
 */
export const MODEL_HOSTS = [
  "https://huggingface.co",
  "https://*.huggingface.co",
  "https://*.hf.co",
  "https://raw.githubusercontent.com",
  "https://cdn.jsdelivr.net",
];

export function contentSecurityPolicy(opts: { dev?: boolean; extraConnect?: string } = {}): string {
  const extra = (opts.extraConnect ?? "").split(/\s+/).filter((s) => /^(https?|wss?):\/\/[\w.*:-]+$/.test(s));
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", "'wasm-unsafe-eval'", ...(opts.dev ? ["'unsafe-eval'"] : [])],
    "worker-src": ["'self'", "blob:"],
    "connect-src": ["'self'", ...MODEL_HOSTS, ...extra, ...(opts.dev ? ["ws:"] : [])],
    // Remote images in model output show only on click (components/click-to-show-image.tsx).
    "img-src": ["'self'", "data:", "blob:", "https:"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "font-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(" ")}`)
    .join("; ");
}
