import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GENERATOR_VERSION, TINY_FILES, generateTinyModel } from "@/scripts/tiny-model/generate.mjs";
import { loadModelFromDir } from "./node-model";

const root = mkdtempSync(join(tmpdir(), "tiny-model-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("tiny model generator", () => {
  it("writes the same bytes on every run", () => {
    const a = join(root, "a", "tiny-chat");
    const b = join(root, "b", "tiny-chat");
    expect(generateTinyModel(a).written).toBe(true);
    expect(generateTinyModel(b).written).toBe(true);
    for (const f of TINY_FILES) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
  });

  it("is idempotent: skips when the files exist at the same version, rewrites on a version change", () => {
    const dir = join(root, "c", "tiny-chat");
    generateTinyModel(dir);
    const before = statSync(join(dir, "onnx/model.onnx")).mtimeMs;
    expect(generateTinyModel(dir).written).toBe(false);
    expect(statSync(join(dir, "onnx/model.onnx")).mtimeMs).toBe(before);
    expect(generateTinyModel(dir, { force: true }).written).toBe(true);
  });

  it("writes the config and tokenizer transformers.js needs", async () => {
    const dir = join(root, "d", "tiny-chat");
    generateTinyModel(dir);
    const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
    expect(config).toMatchObject({
      model_type: "llama",
      hidden_size: 64,
      num_hidden_layers: 2,
      max_position_embeddings: 512,
      "transformers.js_config": { dtype: "fp32" },
      joust_generator_version: GENERATOR_VERSION,
    });
    const tc = JSON.parse(readFileSync(join(dir, "tokenizer_config.json"), "utf8"));
    expect(tc.eos_token).toBe("<|im_end|>");
    const onnx = readFileSync(join(dir, "onnx/model.onnx"));
    expect(onnx.includes(Buffer.from("past_key_values.1.value"))).toBe(true);
    expect(onnx.includes(Buffer.from("present.0.key"))).toBe(true);

    const loaded = await loadModelFromDir(dir);
    const { tokenizer } = loaded;
    const ids = tokenizer.encode("hello the river", { add_special_tokens: false });
    expect(ids.length).toBeLessThan("hello the river".length); // BPE merges apply
    expect(tokenizer.decode(ids)).toBe("hello the river");
    const chat = tokenizer.apply_chat_template([{ role: "user", content: "hi" }], {
      tokenize: false,
      add_generation_prompt: true,
    });
    expect(chat).toBe("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n");
    expect(loaded.contextWindow).toBe(512);
    await loaded.model.dispose();
  });
});
