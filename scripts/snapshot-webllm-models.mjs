// Snapshots web-llm's prebuilt model list into a small JSON the main thread can import,
// so @mlc-ai/web-llm itself is only ever bundled into its Web Worker. Run from `prebuild`.
import { writeFileSync } from "node:fs";
import { prebuiltAppConfig, modelVersion } from "@mlc-ai/web-llm";

const OUT = new URL("../lib/engines/webllm/prebuilt-models.json", import.meta.url);
const models = prebuiltAppConfig.model_list
  // LLMs only (model_type 0 or absent); embedding (1) and vision (2) models are not chat models here.
  .filter((r) => !r.model_type)
  .map((r) => ({
    model_id: r.model_id,
    model: r.model,
    model_lib: r.model_lib,
    vram_required_MB: r.vram_required_MB,
    low_resource_required: r.low_resource_required,
    buffer_size_required_bytes: r.buffer_size_required_bytes,
    required_features: r.required_features,
    context_window_size: r.overrides?.context_window_size,
  }));
writeFileSync(OUT, JSON.stringify({ modelVersion, models }, null, 1) + "\n");
console.log(`snapshot-webllm-models: ${models.length} prebuilt web-llm models → ${OUT.pathname}`);
