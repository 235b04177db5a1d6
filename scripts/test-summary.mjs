// Prints one closing line over both runners: "test: N passed, N failed, N skipped".
import { existsSync, readFileSync } from "node:fs";

let passed = 0,
  failed = 0,
  skipped = 0;
if (existsSync(".cache/vitest.json")) {
  const v = JSON.parse(readFileSync(".cache/vitest.json", "utf8"));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + (v.numTodoTests ?? 0);
} else failed++;
if (existsSync(".cache/playwright.json")) {
  const s = JSON.parse(readFileSync(".cache/playwright.json", "utf8")).stats;
  passed += s.expected + s.flaky;
  failed += s.unexpected;
  skipped += s.skipped;
} else failed++;
console.log(`test: ${passed} passed, ${failed} failed, ${skipped} skipped`);
