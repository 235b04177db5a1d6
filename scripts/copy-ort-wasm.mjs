// Copies ONNX Runtime Web's wasm runtime into public/ort/ so transformers.js never
// fetches it from a CDN. Run automatically before `next build`.
import { cpSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";

// Use the onnxruntime-web that transformers.js itself resolves (versions must match).
const candidates = [
  "node_modules/@huggingface/transformers/node_modules/onnxruntime-web",
  "node_modules/onnxruntime-web",
];
const dist = join(candidates.find((c) => existsSync(join(c, "dist"))) ?? candidates[1], "dist");
const out = join(process.cwd(), "public", "ort");
mkdirSync(out, { recursive: true });
let n = 0;
for (const f of readdirSync(dist)) {
  if (/^ort-wasm-simd-threaded(\.(asyncify|jsep|jspi))?\.(mjs|wasm)$/.test(f)) {
    cpSync(join(dist, f), join(out, f));
    n++;
  }
}
console.log(`copy-ort-wasm: ${n} files from ${dist} → public/ort/`);
