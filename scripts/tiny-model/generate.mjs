// Builds the tiny LLaMA-shaped chat model (config, tokenizer, ONNX decoder with KV cache)
// from a fixed-seed PRNG. Pure Node, no dependencies; the same bytes on every run.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DT, model, node, tensor, valueInfo } from "./onnx-proto.mjs";
import { CHAT_TEMPLATE, buildTokenizer } from "./tokenizer.mjs";

export const GENERATOR_VERSION = "joust-tiny-chat-3";
export const TINY_FILES = [
  "config.json",
  "generation_config.json",
  "tokenizer.json",
  "tokenizer_config.json",
  "onnx/model.onnx",
];

const H = 64; // hidden size
const LAYERS = 2;
const HEADS = 4;
const KV_HEADS = 2;
const HEAD_DIM = 16;
const FFN = 128;
const MAX_POS = 512;
const SEED = 0x5eed1234;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand) {
  // Irwin–Hall approximation: deterministic, no transcendental functions.
  let s = 0;
  for (let i = 0; i < 12; i++) s += rand();
  return s - 6;
}

/** Everything but the files: the config objects and the ONNX bytes. */
export function buildTinyModel() {
  const rand = mulberry32(SEED);
  const tok = buildTokenizer();
  const V = tok.vocabSize;
  const init = [];
  const nodes = [];
  let n = 0;
  const uid = (p) => `${p}_${n++}`;
  const weight = (name, dims, std) => {
    const size = dims.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++) data[i] = gaussian(rand) * std;
    init.push(tensor(name, DT.FLOAT, dims, data));
    return name;
  };
  const constF = (name, dims, data) => (init.push(tensor(name, DT.FLOAT, dims, data)), name);
  const constI = (name, dims, data) => (init.push(tensor(name, DT.INT64, dims, data)), name);
  const op = (type, inputs, attrs = {}) => {
    const out = uid(type.toLowerCase());
    nodes.push(node(type, inputs, [out], out, attrs));
    return out;
  };
  const opTo = (type, inputs, out, attrs = {}) => (nodes.push(node(type, inputs, [out], out, attrs)), out);

  // Shared constants.
  const eps = constF("eps", [], [1e-5]);
  const negBig = constF("neg_big", [], [-1e9]);
  const scale = constF("attn_scale", [], [1 / Math.sqrt(HEAD_DIM)]);
  const ax = (name, vals) => constI(name, [vals.length], vals);
  ax("axes_last", [-1]); // unused by the graph, kept so the generated model stays byte-identical
  const ax1 = ax("axes_1", [1]);
  const ax2 = ax("axes_2", [2]);
  const ax123 = ax("axes_123", [1, 2, 3]);
  const idx1 = constI("idx_1", [], [1]);
  const zero = constI("zero", [], [0]);
  const one = constI("one", [], [1]);
  const half = HEAD_DIM / 2;
  const sl = { s0: ax("sl_0", [0]), sh: ax("sl_half", [half]), se: ax("sl_end", [HEAD_DIM]), ax3: ax("sl_ax3", [3]) };
  const shpQ = ax("shape_q", [0, 0, HEADS, HEAD_DIM]);
  const shpKV = ax("shape_kv", [0, 0, KV_HEADS, HEAD_DIM]);
  const shpQ5 = ax("shape_q5", [0, KV_HEADS, HEADS / KV_HEADS, -1, HEAD_DIM]);
  const shpCtx = ax("shape_ctx", [0, HEADS, -1, HEAD_DIM]);
  const shpOut = ax("shape_out", [0, 0, HEADS * HEAD_DIM]);

  // RoPE tables.
  const cos = new Float32Array(MAX_POS * half);
  const sin = new Float32Array(MAX_POS * half);
  for (let p = 0; p < MAX_POS; p++)
    for (let i = 0; i < half; i++) {
      const a = p / 10000 ** ((2 * i) / HEAD_DIM);
      cos[p * half + i] = Math.cos(a);
      sin[p * half + i] = Math.sin(a);
    }
  constF("rope_cos", [MAX_POS, half], cos);
  constF("rope_sin", [MAX_POS, half], sin);
  const cosP = op("Unsqueeze", [op("Gather", ["rope_cos", "position_ids"], { axis: 0 }), ax1]);
  const sinP = op("Unsqueeze", [op("Gather", ["rope_sin", "position_ids"], { axis: 0 }), ax1]);
  const rope = (x) => {
    const x1 = op("Slice", [x, sl.s0, sl.sh, sl.ax3]);
    const x2 = op("Slice", [x, sl.sh, sl.se, sl.ax3]);
    const r1 = op("Sub", [op("Mul", [x1, cosP]), op("Mul", [x2, sinP])]);
    const r2 = op("Add", [op("Mul", [x2, cosP]), op("Mul", [x1, sinP])]);
    return op("Concat", [r1, r2], { axis: 3 });
  };

  // Causal + padding mask, [B,1,1,S,T].
  const S = op("Gather", [op("Shape", ["input_ids"]), idx1], { axis: 0 });
  const T = op("Gather", [op("Shape", ["attention_mask"]), idx1], { axis: 0 });
  const kj = op("Range", [zero, T, one]);
  const qabs = op("Add", [op("Range", [zero, S, one]), op("Sub", [T, S])]);
  const causal = op("LessOrEqual", [kj, op("Unsqueeze", [qabs, ax1])]);
  const pad = op("Unsqueeze", [op("Cast", ["attention_mask"], { to: DT.BOOL }), ax123]);
  const allowed = op("And", [causal, pad]);

  const rmsNorm = (x, w) => {
    const ms = op("ReduceMean", [op("Mul", [x, x])], { axes: [-1], keepdims: 1 });
    return op("Mul", [op("Div", [x, op("Sqrt", [op("Add", [ms, eps])])]), w]);
  };
  const ones = new Float32Array(H).fill(1);

  let x = op("Gather", [weight("embed_tokens", [V, H], 1.0), "input_ids"], { axis: 0 });
  const inputs = [
    valueInfo("input_ids", DT.INT64, ["batch_size", "sequence_length"]),
    valueInfo("attention_mask", DT.INT64, ["batch_size", "total_sequence_length"]),
    valueInfo("position_ids", DT.INT64, ["batch_size", "sequence_length"]),
  ];
  const outputs = [valueInfo("logits", DT.FLOAT, ["batch_size", "sequence_length", V])];
  const attnStd = 1.6 / Math.sqrt(H);
  for (let l = 0; l < LAYERS; l++) {
    const p = `layers.${l}`;
    const pastK = `past_key_values.${l}.key`;
    const pastV = `past_key_values.${l}.value`;
    for (const name of [pastK, pastV])
      inputs.push(valueInfo(name, DT.FLOAT, ["batch_size", KV_HEADS, "past_sequence_length", HEAD_DIM]));
    for (const kind of ["key", "value"])
      outputs.push(
        valueInfo(`present.${l}.${kind}`, DT.FLOAT, ["batch_size", KV_HEADS, "total_sequence_length", HEAD_DIM]),
      );

    const h = rmsNorm(x, constF(`${p}.input_layernorm`, [H], ones));
    const proj = (w, out, shape) =>
      op("Transpose", [op("Reshape", [op("MatMul", [h, weight(w, [H, out], attnStd)]), shape])], {
        perm: [0, 2, 1, 3],
      });
    const q = rope(proj(`${p}.q_proj`, HEADS * HEAD_DIM, shpQ));
    const k = rope(proj(`${p}.k_proj`, KV_HEADS * HEAD_DIM, shpKV));
    const v = proj(`${p}.v_proj`, KV_HEADS * HEAD_DIM, shpKV);
    const presentK = opTo("Concat", [pastK, k], `present.${l}.key`, { axis: 2 });
    const presentV = opTo("Concat", [pastV, v], `present.${l}.value`, { axis: 2 });
    const q5 = op("Reshape", [q, shpQ5]);
    const kT = op("Transpose", [op("Unsqueeze", [presentK, ax2])], { perm: [0, 1, 2, 4, 3] });
    const scores = op("Mul", [op("MatMul", [q5, kT]), scale]);
    const probs = op("Softmax", [op("Where", [allowed, scores, negBig])], { axis: -1 });
    const ctx = op("MatMul", [probs, op("Unsqueeze", [presentV, ax2])]);
    const merged = op("Reshape", [op("Transpose", [op("Reshape", [ctx, shpCtx])], { perm: [0, 2, 1, 3] }), shpOut]);
    x = op("Add", [x, op("MatMul", [merged, weight(`${p}.o_proj`, [HEADS * HEAD_DIM, H], attnStd)])]);

    const h2 = rmsNorm(x, constF(`${p}.post_attention_layernorm`, [H], ones));
    const gate = op("MatMul", [h2, weight(`${p}.gate_proj`, [H, FFN], 1.5 / Math.sqrt(H))]);
    const up = op("MatMul", [h2, weight(`${p}.up_proj`, [H, FFN], 1.5 / Math.sqrt(H))]);
    const act = op("Mul", [op("Mul", [gate, op("Sigmoid", [gate])]), up]);
    x = op("Add", [x, op("MatMul", [act, weight(`${p}.down_proj`, [FFN, H], 1.5 / Math.sqrt(FFN))])]);
  }
  const final = rmsNorm(x, constF("norm", [H], ones));
  // Output bias: whole words are likely, raw bytes less so, non-printable bytes and
  // control tokens practically never; <|im_end|> is unlikely but reachable.
  const bias = new Float32Array(V);
  const BIAS = { word: 3.5, piece: -1, "byte-printable": -2, "byte-other": -40, special: -40 };
  tok.kinds.forEach((kind, i) => (bias[i] = BIAS[kind]));
  bias[tok.ids.imEnd] = -6;
  const logitsRaw = op("MatMul", [final, weight("lm_head", [H, V], 0.45)]);
  opTo("Add", [logitsRaw, constF("lm_head_bias", [V], bias)], "logits");

  const onnx = model({
    nodes,
    initializers: init,
    inputs,
    outputs,
    graphName: "tiny_chat",
    irVersion: 8,
    opset: 17,
    producer: "joust-gen-tiny-model",
  });

  const config = {
    architectures: ["LlamaForCausalLM"],
    model_type: "llama",
    hidden_size: H,
    intermediate_size: FFN,
    num_hidden_layers: LAYERS,
    num_attention_heads: HEADS,
    num_key_value_heads: KV_HEADS,
    head_dim: HEAD_DIM,
    vocab_size: V,
    max_position_embeddings: MAX_POS,
    rms_norm_eps: 1e-5,
    rope_theta: 10000,
    hidden_act: "silu",
    tie_word_embeddings: false,
    bos_token_id: tok.ids.endoftext,
    eos_token_id: tok.ids.imEnd,
    pad_token_id: tok.ids.endoftext,
    torch_dtype: "float32",
    "transformers.js_config": { dtype: "fp32" },
    joust_generator_version: GENERATOR_VERSION,
  };
  const generationConfig = {
    bos_token_id: tok.ids.endoftext,
    eos_token_id: tok.ids.imEnd,
    pad_token_id: tok.ids.endoftext,
    do_sample: false,
    max_length: MAX_POS,
  };
  const tokenizerConfig = {
    tokenizer_class: "PreTrainedTokenizerFast",
    chat_template: CHAT_TEMPLATE,
    bos_token: null,
    eos_token: "<|im_end|>",
    pad_token: "<|endoftext|>",
    unk_token: null,
    add_bos_token: false,
    add_eos_token: false,
    clean_up_tokenization_spaces: false,
    model_max_length: MAX_POS,
  };
  const json = (o) => `${JSON.stringify(o, null, 2)}\n`;
  return {
    files: {
      "config.json": json(config),
      "generation_config.json": json(generationConfig),
      "tokenizer.json": json(tok.tokenizer),
      "tokenizer_config.json": json(tokenizerConfig),
      "onnx/model.onnx": onnx,
    },
    vocabSize: V,
  };
}

function upToDate(dir) {
  if (!TINY_FILES.every((f) => existsSync(join(dir, f)))) return false;
  try {
    return JSON.parse(readFileSync(join(dir, "config.json"), "utf8")).joust_generator_version === GENERATOR_VERSION;
  } catch {
    return false;
  }
}

/** Writes the model into `dir` unless it is already there at this generator version. */
export function generateTinyModel(dir, { force = false } = {}) {
  if (!force && upToDate(dir)) return { written: false, dir };
  const { files } = buildTinyModel();
  mkdirSync(join(dir, "onnx"), { recursive: true });
  // config.json last: it carries the version that marks the folder complete.
  for (const name of [...TINY_FILES.filter((f) => f !== "config.json"), "config.json"])
    writeFileSync(join(dir, name), files[name]);
  return { written: true, dir };
}
