// Renders public/icon.svg into the PNG icons and favicon.ico the web app manifest and the layout use
// (run once after editing the SVG; the outputs are committed). Uses the system Chromium.
import { readFileSync, writeFileSync } from "node:fs";
import { chromium } from "playwright-core";

const svg = readFileSync("public/icon.svg", "utf8");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox"],
});
const page = await browser.newPage();

/** `pad` shrinks the artwork inside a full-bleed background (maskable icons keep a safe zone). */
async function render(size, pad = 0) {
  await page.setViewportSize({ width: size, height: size });
  const inner = size * (1 - 2 * pad);
  await page.setContent(
    `<html><body style="margin:0;background:${pad ? "#18181b" : "transparent"};display:grid;place-items:center;width:${size}px;height:${size}px">` +
      `<div style="width:${inner}px;height:${inner}px">${svg.replace("<svg ", '<svg width="100%" height="100%" ')}</div></body></html>`,
  );
  return page.screenshot({ omitBackground: !pad, type: "png" });
}

writeFileSync("public/icon-192.png", await render(192));
writeFileSync("public/icon-512.png", await render(512));
writeFileSync("public/icon-maskable-512.png", await render(512, 0.1));
writeFileSync("public/apple-touch-icon.png", await render(180, 0.06));
// An ICO that embeds one 32×32 PNG (supported by every current browser).
const png = await render(32);
const head = Buffer.alloc(22);
head.writeUInt16LE(0, 0);
head.writeUInt16LE(1, 2);
head.writeUInt16LE(1, 4);
head.writeUInt8(32, 6);
head.writeUInt8(32, 7);
head.writeUInt16LE(1, 10);
head.writeUInt16LE(32, 12);
head.writeUInt32LE(png.length, 14);
head.writeUInt32LE(22, 18);
writeFileSync("public/favicon.ico", Buffer.concat([head, png]));
await browser.close();
