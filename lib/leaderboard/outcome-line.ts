/**
 * Reads the outcome fields (model_a, model_b, winner, anony, tstamp) of one JSON Lines battle from
 * its bytes, when the line is a flat JSON object with simple values (no escapes, nesting or control
 * characters); any other line is left to JSON.parse. One pass per line: the reader finds the line's
 * end itself, checks each string for escapes while hashing it for the interner, and reads numbers
 * as it validates them.
 *
 * Lines of a file almost always share one layout (the same keys, order and spacing), so the reader
 * remembers the last accepted line's layout — the bytes between its values — and matches the next
 * line against it first: literal bytes compared four at a time, values read, no key parsing.
 */
import {
  BACKSLASH,
  COLON,
  COMMA,
  FNV_OFFSET,
  FNV_PRIME,
  Interner,
  isWs,
  LBRACE,
  lineEnd,
  lit,
  lastNumber,
  QUOTE,
  RBRACE,
  readNumber,
  SPACE,
  eq,
} from "./json-bytes";

const F_NONE = 0,
  F_MODEL_A = 1,
  F_MODEL_B = 2,
  F_WINNER = 3,
  F_ANONY = 4,
  F_TSTAMP = 5;

const MAX_VALUES = 64;

/** The layout of the last line the general reader accepted (see the file comment). */
class Layout {
  /** Literal k is bytes[litStart[k] … litStart[k + 1] − 1]; the last one ends the object. A string value's opening quote ends the literal before it. */
  bytes = new Uint8Array(256);
  words = new DataView(this.bytes.buffer);
  readonly litStart = new Int32Array(MAX_VALUES + 2);
  readonly fields = new Int8Array(MAX_VALUES);
  values = 0;
  valid = false;
  /** Value spans of the line being read by the general reader. */
  readonly start = new Int32Array(MAX_VALUES);
  readonly end = new Int32Array(MAX_VALUES);
  readonly field = new Int8Array(MAX_VALUES);
  count = 0;

  /** Learns the layout from the line the general reader just accepted (object bytes s … objEnd − 1). */
  learn(buf: Uint8Array, s: number, objEnd: number): void {
    this.valid = this.count <= MAX_VALUES;
    if (!this.valid) return;
    if (this.bytes.length < objEnd - s + 4) {
      this.bytes = new Uint8Array((objEnd - s) * 2 + 4);
      this.words = new DataView(this.bytes.buffer);
    }
    let w = 0,
      from = s;
    for (let k = 0; k <= this.count; k++) {
      const to = k < this.count ? this.start[k] : objEnd;
      this.litStart[k] = w;
      this.bytes.set(buf.subarray(from, to), w);
      w += to - from;
      if (k < this.count) {
        this.fields[k] = this.field[k];
        from = this.end[k];
      }
    }
    this.litStart[this.count + 1] = w;
    this.values = this.count;
  }
}

export class OutcomeLineReader {
  /** The outcome fields of the line last read (undefined = absent, as after JSON.parse). */
  modelA: unknown;
  modelB: unknown;
  winner: unknown;
  anony: unknown;
  tstamp: unknown;
  /** The interned indices of model_a, model_b and winner when they are interned strings (else −1; below Interner.MAX). */
  indexA = -1;
  indexB = -1;
  indexWinner = -1;
  readonly names = new Interner();
  private readonly layout = new Layout();

  /**
   * Reads the line starting at s; returns the index of the newline that ends it (or n at the end of
   * the bytes), or −1 when the line needs the full JSON parser. `view` is a DataView over `buf`.
   */
  read(buf: Uint8Array, view: DataView, s: number, n: number): number {
    const end = this.match(buf, view, s, n);
    return end >= 0 ? end : this.general(buf, s, n);
  }

  private clear(): void {
    this.modelA = this.modelB = this.winner = this.anony = this.tstamp = undefined;
    this.indexA = this.indexB = this.indexWinner = -1;
  }

  private set(field: number, value: unknown, index: number): void {
    switch (field) {
      case F_MODEL_A:
        this.modelA = value;
        this.indexA = index;
        break;
      case F_MODEL_B:
        this.modelB = value;
        this.indexB = index;
        break;
      case F_WINNER:
        this.winner = value;
        this.indexWinner = index;
        break;
      case F_ANONY:
        this.anony = value;
        break;
      case F_TSTAMP:
        this.tstamp = value;
        break;
    }
  }

  /**
   * Reads a string's content from i (just after its opening quote) into `field`; returns the index
   * just after the closing quote, or −1 (an escape, a control character — a newline included — or the
   * end of the bytes first).
   */
  private string(buf: Uint8Array, i: number, n: number, field: number): number {
    const vs = i;
    let h = FNV_OFFSET;
    for (;;) {
      if (i >= n) return -1;
      const c = buf[i];
      if (c === QUOTE) break;
      if (c < SPACE || c === BACKSLASH) return -1;
      h = Math.imul(h ^ c, FNV_PRIME);
      i++;
    }
    if (field !== F_NONE) this.set(field, this.names.get(buf, vs, i, h >>> 0), this.names.lastIndex);
    return i + 1;
  }

  /** Reads true, false, null or a number at i into `field`; returns the index after it, or −1. */
  private simpleValue(buf: Uint8Array, i: number, n: number, field: number): number {
    const c = buf[i];
    let value: unknown, end: number;
    if (c === 0x74 && lit(buf, i, n, "true")) {
      value = true;
      end = i + 4;
    } else if (c === 0x66 && lit(buf, i, n, "false")) {
      value = false;
      end = i + 5;
    } else if (c === 0x6e && lit(buf, i, n, "null")) {
      value = null;
      end = i + 4;
    } else {
      end = readNumber(buf, i, n);
      if (end < 0) return -1;
      value = lastNumber.value;
    }
    if (field !== F_NONE) this.set(field, value, -1);
    return end;
  }

  private value(buf: Uint8Array, i: number, n: number, field: number, isString: boolean): number {
    return isString ? this.string(buf, i, n, field) : this.simpleValue(buf, i, n, field);
  }

  /** Reads a line of the remembered layout; −1 when it does not match. */
  private match(buf: Uint8Array, view: DataView, s: number, n: number): number {
    const layout = this.layout;
    if (!layout.valid) return -1;
    this.clear();
    const { bytes, words, litStart, fields } = layout;
    let i = s;
    for (let k = 0; ; k++) {
      const ls = litStart[k],
        len = litStart[k + 1] - ls;
      if (i + len > n) return -1;
      let j = 0;
      for (; j + 4 <= len; j += 4) if (view.getUint32(i + j) !== words.getUint32(ls + j)) return -1;
      for (; j < len; j++) if (buf[i + j] !== bytes[ls + j]) return -1;
      i += len;
      if (k === layout.values) break;
      i = this.value(buf, i, n, fields[k], len > 0 && bytes[ls + len - 1] === QUOTE);
      if (i < 0) return -1;
    }
    return lineEnd(buf, i, n);
  }

  /** The general reader: any flat object, keys in any order; learns the line's layout. */
  private general(buf: Uint8Array, s: number, n: number): number {
    const layout = this.layout;
    this.clear();
    layout.count = 0;
    let i = s;
    let c = buf[i];
    while (isWs(c) && i < n) c = buf[++i];
    if (c !== LBRACE || i >= n) return -1;
    c = buf[++i];
    while (isWs(c) && i < n) c = buf[++i];
    if (c === RBRACE && i < n) i++;
    else
      for (;;) {
        if (c !== QUOTE || i >= n) return -1;
        // The key: no escapes or control characters (a newline ends the line: also −1).
        const ks = ++i;
        for (;;) {
          if (i >= n) return -1;
          c = buf[i];
          if (c === QUOTE) break;
          if (c < SPACE || c === BACKSLASH) return -1;
          i++;
        }
        const field = keyOf(buf, ks, i);
        c = buf[++i];
        while (isWs(c) && i < n) c = buf[++i];
        if (c !== COLON || i >= n) return -1;
        c = buf[++i];
        while (isWs(c) && i < n) c = buf[++i];
        if (i >= n) return -1;
        const k = layout.count++;
        const isString = c === QUOTE;
        const vs = isString ? i + 1 : i;
        i = this.value(buf, vs, n, field, isString);
        if (i < 0) return -1;
        if (k < MAX_VALUES) {
          layout.start[k] = vs;
          layout.end[k] = i;
          layout.field[k] = field;
        }
        c = buf[i];
        while (isWs(c) && i < n) c = buf[++i];
        if (i >= n) return -1;
        if (c === COMMA) {
          c = buf[++i];
          while (isWs(c) && i < n) c = buf[++i];
          continue;
        }
        if (c === RBRACE) {
          i++;
          break;
        }
        return -1;
      }
    const end = lineEnd(buf, i, n);
    if (end >= 0) layout.learn(buf, s, i);
    return end;
  }
}

function keyOf(buf: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n === 7 && buf[s] === 0x6d && buf[s + 5] === 0x5f) {
    if (eq(buf, s, "model_a")) return F_MODEL_A;
    if (eq(buf, s, "model_b")) return F_MODEL_B;
  } else if (n === 6) {
    if (buf[s] === 0x77 && eq(buf, s, "winner")) return F_WINNER;
    if (buf[s] === 0x74 && eq(buf, s, "tstamp")) return F_TSTAMP;
  } else if (n === 5 && buf[s] === 0x61 && eq(buf, s, "anony")) return F_ANONY;
  return F_NONE;
}
