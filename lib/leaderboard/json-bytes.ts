/**
 * Byte-level JSON pieces for the battle-file fast path (scan-outcomes.ts): character codes, a string
 * interner keyed by the bytes' hash, and number reading that gives exactly what JSON.parse gives.
 */
export const QUOTE = 0x22,
  BACKSLASH = 0x5c,
  COLON = 0x3a,
  COMMA = 0x2c,
  LBRACE = 0x7b,
  RBRACE = 0x7d,
  NL = 0x0a,
  SPACE = 0x20,
  TAB = 0x09,
  CR = 0x0d;
/** JSON whitespace other than the newline (which ends a line of JSON Lines). */
export const isWs = (c: number) => c === SPACE || c === TAB || c === CR;
export const decoder = new TextDecoder();
export const FNV_OFFSET = 2166136261,
  FNV_PRIME = 16777619;

/**
 * Interns short strings by their bytes (model names and winners repeat on every line): an
 * open-addressing table over the FNV-1a hash the scanner computed while reading the string.
 */
export class Interner {
  private slots = new Int32Array(1024); // entry index + 1; 0 = empty
  private readonly hashes: number[] = [];
  private readonly bytes: Uint8Array[] = [];
  private readonly strings: string[] = [];
  static readonly MAX = 4096;
  /** The index of the string get last returned (−1: not interned). */
  lastIndex = -1;

  get(buf: Uint8Array, s: number, e: number, h: number): string {
    const mask = this.slots.length - 1;
    const len = e - s;
    for (let k = h & mask; ; k = (k + 1) & mask) {
      const slot = this.slots[k];
      if (slot === 0) break;
      const x = slot - 1;
      if (this.hashes[x] !== h) continue;
      const b = this.bytes[x];
      if (b.length !== len) continue;
      let i = 0;
      while (i < len && b[i] === buf[s + i]) i++;
      if (i === len) {
        this.lastIndex = x;
        return this.strings[x];
      }
    }
    const str = decoder.decode(buf.subarray(s, e));
    // Beyond MAX distinct strings (a file of unique values): decode without interning.
    this.lastIndex = -1;
    if (this.strings.length < Interner.MAX) {
      this.lastIndex = this.strings.length;
      this.insert(h, buf.slice(s, e), str);
    }
    return str;
  }

  private insert(h: number, bytes: Uint8Array, str: string): void {
    if ((this.strings.length + 1) * 2 > this.slots.length) {
      const old = this.slots;
      this.slots = new Int32Array(old.length * 2);
      for (const slot of old) if (slot) this.place(this.hashes[slot - 1], slot);
    }
    this.hashes.push(h);
    this.bytes.push(bytes);
    this.strings.push(str);
    this.place(h, this.strings.length);
  }

  private place(h: number, slot: number): void {
    const mask = this.slots.length - 1;
    let k = h & mask;
    while (this.slots[k] !== 0) k = (k + 1) & mask;
    this.slots[k] = slot;
  }
}

export function eq(buf: Uint8Array, s: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (buf[s + k] !== word.charCodeAt(k)) return false;
  return true;
}

export function lit(buf: Uint8Array, i: number, n: number, word: string): boolean {
  return i + word.length <= n && eq(buf, i, word);
}

/** The rest of a line after its object: whitespace, then the newline (its index) or the end of the file (n); −1 otherwise. */
export function lineEnd(buf: Uint8Array, i: number, n: number): number {
  for (; i < n; i++) {
    const c = buf[i];
    if (c === NL) return i;
    if (!isWs(c)) return -1;
  }
  return n;
}

export const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

const POW10 = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);

/** The bytes of a number as a string (ASCII). */
function ascii(buf: Uint8Array, s: number, e: number): string {
  return String.fromCharCode.apply(null, buf.subarray(s, e) as unknown as number[]);
}

/** The value readNumber last read. */
export const lastNumber = { value: 0 };

/**
 * Reads the JSON number at i (RFC 8259 grammar) into lastNumber.value; returns the index after it, or
 * −1 (not a JSON number). Mantissas of at most 15 digits with a decimal exponent within −22…0 take
 * Clinger's fast path (one correctly rounded IEEE operation, so equal to Number()); others go through
 * Number().
 */
export function readNumber(buf: Uint8Array, i: number, n: number): number {
  const s = i;
  let neg = false,
    mant = 0,
    digits = 0,
    exp = 0,
    slow = false;
  if (buf[i] === 0x2d) {
    neg = true;
    i++;
  }
  if (i >= n || !isDigit(buf[i])) return -1;
  if (buf[i] === 0x30) {
    i++;
    digits = 1;
  } else
    while (i < n && isDigit(buf[i])) {
      mant = mant * 10 + (buf[i++] - 0x30);
      digits++;
    }
  if (i < n && buf[i] === 0x2e) {
    i++;
    if (i >= n || !isDigit(buf[i])) return -1;
    while (i < n && isDigit(buf[i])) {
      mant = mant * 10 + (buf[i++] - 0x30);
      digits++;
      exp--;
    }
  }
  if (i < n && (buf[i] === 0x65 || buf[i] === 0x45)) {
    i++;
    if (i < n && (buf[i] === 0x2b || buf[i] === 0x2d)) i++;
    if (i >= n || !isDigit(buf[i])) return -1;
    while (i < n && isDigit(buf[i])) i++;
    slow = true;
  }
  if (slow || digits > 15 || exp < -22) lastNumber.value = Number(ascii(buf, s, i));
  else {
    const v = exp < 0 ? mant / POW10[-exp] : mant;
    lastNumber.value = neg ? -v : v;
  }
  return i;
}
