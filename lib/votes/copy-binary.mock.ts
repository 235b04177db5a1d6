/** COPY BINARY output built in memory, for the parser's and the decoders' tests (tests only). */

export const COPY_SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");

/** The output of a COPY of one column: each value a tuple (`null`: NULL); `extension` bytes in the header. */
export function copyOutput(values: Array<Uint8Array | null>, extension = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(8);
  header.writeInt32BE(extension.length, 4);
  const tuples = values.map((v) => {
    const t = Buffer.alloc(6);
    t.writeInt16BE(1);
    t.writeInt32BE(v === null ? -1 : v.length, 2);
    return v === null ? t : Buffer.concat([t, v]);
  });
  return Buffer.concat([COPY_SIGNATURE, header, extension, ...tuples, Buffer.from([0xff, 0xff])]);
}

/** `out` handed to `write` in chunks of `size` bytes, each through one scratch buffer that is overwritten next. */
export function writeInChunks(out: Uint8Array, size: number, write: (chunk: Uint8Array) => void): void {
  const scratch = new Uint8Array(size);
  for (let at = 0; at < out.length; at += size) {
    const chunk = scratch.subarray(0, Math.min(size, out.length - at));
    chunk.set(out.subarray(at, at + chunk.length));
    write(chunk);
    scratch.fill(0);
  }
}
