/**
 * The output of `COPY (SELECT <one column>) TO STDOUT (FORMAT binary)` parsed as it arrives, in chunks cut
 * anywhere: each tuple's value handed on as raw bytes. The packed read (./pack-read.ts) fetches the packs
 * so on PostgreSQL, because node-pg would decode a query's every value as a UTF-8 string on the main thread.
 * Several COPYs' outputs may follow one another: after a trailer, the next header is expected.
 *
 * The format: an 11-byte signature, an int32 of flags, an int32 header extension length and that many bytes;
 * then per tuple an int16 field count (here always 1) and per field an int32 length (-1: NULL) and the bytes;
 * and an int16 -1 as the trailer. Integers are big-endian.
 */
import { JoustError } from "@/lib/errors";

const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]; // "PGCOPY\n\377\r\n\0"
/** Flag bits 16–31 change the layout (bit 16: OIDs); a reader that does not know one must stop. */
const CRITICAL_FLAGS = 0xffff0000;

/** What comes next; the fixed-size parts are gathered in `fixed` first (a chunk may end inside one). */
type Part = "header" | "extension" | "count" | "length" | "value";
/** Signature, flags and extension length; an int16 field count (-1: the trailer); an int32 field length (-1: NULL). */
const FIXED_BYTES = { header: SIGNATURE.length + 8, count: 2, length: 4 };

const malformed = (why: string) => new JoustError("internal:leaderboard", `Malformed COPY BINARY output: ${why}.`);

/** Feed it chunks with `write`, then `end`; `onValue` gets each non-NULL value, in order (use it before returning). */
export class CopyBinaryParser {
  private part: Part = "header";
  private readonly fixed = new Uint8Array(FIXED_BYTES.header);
  private readonly view = new DataView(this.fixed.buffer);
  private fixedHave = 0;
  /** Bytes left of the header extension, or of the value being read. */
  private left = 0;
  /** A value that spans chunks, as far as it has arrived: a view of `scratch`. */
  private value: Uint8Array | undefined;
  /** Reused for every value that spans chunks (a pack is megabytes: fresh memory for each costs page faults). */
  private scratch = new Uint8Array(0);

  constructor(private readonly onValue: (value: Uint8Array) => void) {}

  write(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.part === "extension") {
        const n = Math.min(this.left, chunk.length - at);
        (at += n), (this.left -= n);
        if (this.left === 0) this.part = "count";
      } else if (this.part === "value") {
        const n = Math.min(this.left, chunk.length - at);
        if (!this.value && n === this.left) this.emit(chunk.subarray(at, at + n));
        else {
          if (!this.value) {
            if (this.scratch.length < this.left) this.scratch = new Uint8Array(this.left);
            this.value = this.scratch.subarray(0, this.left);
          }
          this.value.set(chunk.subarray(at, at + n), this.value.length - this.left);
          this.left -= n;
          if (this.left === 0) this.emit(this.value);
        }
        at += n;
      } else {
        const size = FIXED_BYTES[this.part];
        const n = Math.min(size - this.fixedHave, chunk.length - at);
        this.fixed.set(chunk.subarray(at, at + n), this.fixedHave);
        (at += n), (this.fixedHave += n);
        if (this.fixedHave === size) {
          this.fixedHave = 0;
          this.readFixed();
        }
      }
    }
  }

  /** The input is over: it must end with a trailer. */
  end(): void {
    if (this.part !== "header" || this.fixedHave !== 0) throw malformed("it stops before its trailer");
  }

  private emit(value: Uint8Array): void {
    this.value = undefined;
    this.left = 0;
    this.part = "count";
    this.onValue(value);
  }

  private readFixed(): void {
    const v = this.view;
    switch (this.part) {
      case "header": {
        if (SIGNATURE.some((b, i) => this.fixed[i] !== b)) throw malformed("wrong signature");
        if ((v.getUint32(SIGNATURE.length) & CRITICAL_FLAGS) !== 0) throw malformed("unknown critical flags");
        this.left = v.getInt32(SIGNATURE.length + 4);
        if (this.left < 0) throw malformed("negative header extension length");
        this.part = this.left > 0 ? "extension" : "count";
        return;
      }
      case "count": {
        const fields = v.getInt16(0);
        if (fields === -1) this.part = "header";
        else if (fields === 1) this.part = "length";
        else throw malformed(`a tuple of ${fields} fields, not 1`);
        return;
      }
      case "length": {
        const length = v.getInt32(0);
        if (length === -1) this.part = "count";
        else if (length < 0) throw malformed(`field length ${length}`);
        else if (length === 0) this.emit(new Uint8Array(0));
        else (this.left = length), (this.part = "value");
        return;
      }
    }
  }
}
