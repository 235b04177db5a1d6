// `npm run gen:tiny-model`: writes the tiny test model to public/models/tiny-chat/
// (skipped when it is already there at the current generator version; --force rewrites).
import { statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { GENERATOR_VERSION, generateTinyModel } from "./tiny-model/generate.mjs";

const dir = process.env.TINY_MODEL_DIR ?? fileURLToPath(new URL("../public/models/tiny-chat/", import.meta.url));
const started = Date.now();
const { written } = generateTinyModel(dir, { force: process.argv.includes("--force") });
const size = statSync(join(dir, "onnx/model.onnx")).size;
console.log(
  `gen-tiny-model: ${written ? "wrote" : "up to date"} ${dir} (${GENERATOR_VERSION}, model.onnx ${(size / 1e6).toFixed(2)} MB, ${Date.now() - started} ms)`,
);
