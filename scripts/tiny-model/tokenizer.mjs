// Byte-level BPE tokenizer files for the tiny model: GPT-2's byte→unicode alphabet,
// merges that build a small English word list, and ChatML special tokens.

export const SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"];

const WORDS = (
  "the and of to in is you that it he was for on are as with his they at be this from have or by one had not " +
  "but what all were when we there can an your which their said if do will each about how up out them then she " +
  "many some so these would other into has more her two like him see time could no make than first been its who " +
  "now people my made over did down only way find use may water long little very after words called just where " +
  "most know hello joust model chat tiny small light river stone night green quiet story field north bright"
).split(" ");

export const CHAT_TEMPLATE =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/** GPT-2's reversible byte → printable unicode mapping. */
export function bytesToUnicode() {
  const bs = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n++);
    }
  }
  const map = new Map();
  bs.forEach((b, i) => map.set(b, String.fromCodePoint(cs[i])));
  return map;
}

/**
 * Builds the vocabulary. Returns the tokenizer.json object plus token metadata the
 * model generator uses to shape the output bias (which ids are words, bytes, specials).
 */
export function buildTokenizer() {
  const b2u = bytesToUnicode();
  const vocab = {};
  const kinds = []; // per id: "byte-printable" | "byte-other" | "piece" | "word" | "special"
  const add = (tok, kind) => {
    if (tok in vocab) return;
    vocab[tok] = kinds.length;
    kinds.push(kind);
  };
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 97 && b <= 122) || b === 32 || b === 46 || b === 44 || (b >= 65 && b <= 90);
    add(b2u.get(b), printable ? "byte-printable" : "byte-other");
  }
  const merges = [];
  const seen = new Set();
  const space = b2u.get(32);
  for (const w of WORDS) {
    const chars = [space, ...w];
    let cur = chars[0];
    for (let i = 1; i < chars.length; i++) {
      const merged = cur + chars[i];
      const key = `${cur} ${chars[i]}`;
      if (!seen.has(key)) {
        seen.add(key);
        merges.push(key);
      }
      add(merged, i === chars.length - 1 ? "word" : "piece");
      if (i === chars.length - 1) kinds[vocab[merged]] = "word";
      cur = merged;
    }
  }
  const added = SPECIAL_TOKENS.map((content) => {
    const id = kinds.length;
    add(content, "special");
    return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
  });
  const tokenizer = {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: null,
    pre_tokenizer: { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: "ByteLevel", add_prefix_space: false, trim_offsets: false, use_regex: true },
    decoder: { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: "BPE",
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges,
    },
  };
  const id = (t) => vocab[t];
  return {
    tokenizer,
    kinds,
    vocabSize: kinds.length,
    ids: { endoftext: id("<|endoftext|>"), imStart: id("<|im_start|>"), imEnd: id("<|im_end|>") },
  };
}
