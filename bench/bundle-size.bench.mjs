// Gzipped first-load JavaScript of `/` in the production build: every <script src> the
// prerendered HTML of `/` loads (falling back to the build manifests), gzipped one by one.
// Target: ≤ 250 KB.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const TARGET_KB = 250;
if (!existsSync(".next/BUILD_ID")) {
  const r = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(1);
}

function scriptsOfRoot() {
  const html = join(".next/server/app/index.html");
  if (existsSync(html)) {
    const text = readFileSync(html, "utf8");
    const tags = [...text.matchAll(/<script[^>]*\ssrc="([^"]+)"[^>]*>/g)].map((m) => ({ tag: m[0], src: m[1] }));
    const nomodule = new Set(tags.filter((t) => /nomodule/i.test(t.tag)).map((t) => t.src));
    if (tags.length)
      return { from: "prerendered .next/server/app/index.html", files: tags.map((t) => t.src), nomodule };
  }
  // Dynamic `/`: the build manifests list the root layout + page chunks and the shared runtime.
  const build = JSON.parse(readFileSync(".next/build-manifest.json", "utf8"));
  const app = JSON.parse(readFileSync(".next/app-build-manifest.json", "utf8").toString() || "{}");
  const files = new Set([...(build.polyfillFiles ?? []), ...(build.rootMainFiles ?? [])]);
  for (const key of ["/layout", "/page"]) for (const f of app.pages?.[key] ?? []) files.add(f);
  const nomodule = new Set((build.polyfillFiles ?? []).map((f) => `/_next/${f}`));
  return {
    from: "build manifests",
    files: [...files].filter((f) => f.endsWith(".js")).map((f) => `/_next/${f}`),
    nomodule,
  };
}

const { from, files, nomodule } = scriptsOfRoot();
let total = 0;
let legacyOnly = 0;
let raw = 0;
const rows = [];
for (const src of new Set(files)) {
  const path = join(".next", decodeURIComponent(src.replace(/^.*\/_next\//, "")).replace(/\?.*$/, ""));
  if (!existsSync(path)) {
    console.log(`  missing ${src}`);
    continue;
  }
  const buf = readFileSync(path);
  const gz = gzipSync(buf, { level: 9 }).length;
  total += gz;
  raw += buf.length;
  if (nomodule.has(src)) legacyOnly += gz;
  rows.push([gz, nomodule.has(src) ? `${src} (nomodule: legacy browsers only)` : src]);
}
rows.sort((a, b) => b[0] - a[0]);
for (const [gz, src] of rows) console.log(`  ${(gz / 1024).toFixed(1).padStart(7)} KB  ${src}`);
const kb = total / 1024;
console.log(
  `first-load JS of / (${from}): ${rows.length} files, ${(raw / 1024).toFixed(0)} KB raw, ${kb.toFixed(1)} KB gzipped`,
);
console.log(
  `  of which ${(legacyOnly / 1024).toFixed(1)} KB nomodule polyfills; modern browsers load ${((total - legacyOnly) / 1024).toFixed(1)} KB`,
);
console.log(
  `target ≤ ${TARGET_KB} KB: ${((kb / TARGET_KB) * 100).toFixed(0)}% of budget ${kb <= TARGET_KB ? "OK" : "OVER BUDGET"}`,
);
