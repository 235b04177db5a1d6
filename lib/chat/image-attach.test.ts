import { describe, expect, it } from "vitest";
import { attachError, MAX_ATTACH_BYTES, MAX_ATTACH_IMAGES } from "./image-attach";

const png = (size: number, name = "cat.png") => ({ name, type: "image/png", size });

describe("attachError", () => {
  it("takes a small PNG, JPEG, GIF or WebP", () => {
    for (const type of ["image/png", "image/jpeg", "image/gif", "image/webp"])
      expect(attachError({ name: "a", type, size: 1000 }, [])).toBeUndefined();
  });

  it("refuses other types with the file's name", () => {
    expect(attachError({ name: "notes.pdf", type: "application/pdf", size: 10 }, [])).toBe(
      "notes.pdf is not a PNG, JPEG, GIF or WebP image.",
    );
    expect(attachError({ name: "x.svg", type: "image/svg+xml", size: 10 }, [])).toMatch(/not a PNG/);
  });

  it("refuses a file over the limit, saying how large it is and what fits", () => {
    expect(attachError(png(MAX_ATTACH_BYTES), [])).toBeUndefined();
    expect(attachError(png(2 * 1024 * 1024), [])).toBe(
      "cat.png is too large (2.0 MB): images up to 160 KB can be attached.",
    );
  });

  it("counts the images already attached, by size and by number", () => {
    expect(attachError(png(100 * 1024, "b.png"), [png(100 * 1024)])).toBe(
      "b.png (100 KB) does not fit: the images of one message may total 160 KB.",
    );
    const four = Array.from({ length: MAX_ATTACH_IMAGES }, () => png(10));
    expect(attachError(png(10), four)).toBe(`At most ${MAX_ATTACH_IMAGES} images per message.`);
  });

  it("names a pasted image that has no file name", () => {
    expect(attachError({ name: "", type: "image/png", size: 1e7 }, [])).toMatch(/^The pasted image is too large/);
  });
});
