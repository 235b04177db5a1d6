import { describe, expect, it } from "vitest";
import { contentSecurityPolicy } from "./csp";

const directive = (csp: string, name: string) =>
  csp
    .split("; ")
    .find((d) => d.startsWith(`${name} `))
    ?.split(" ")
    .slice(1) ?? [];

describe("Content-Security-Policy", () => {
  it("allows scripts from self plus WebAssembly, workers from self/blob, fetches to self and the model hosts only", () => {
    const csp = contentSecurityPolicy();
    expect(directive(csp, "script-src")).toEqual(["'self'", "'unsafe-inline'", "'wasm-unsafe-eval'"]);
    expect(directive(csp, "worker-src")).toEqual(["'self'", "blob:"]);
    const connect = directive(csp, "connect-src");
    expect(connect).toContain("'self'");
    expect(connect).toContain("https://huggingface.co");
    expect(connect).not.toContain("https:");
    expect(connect).not.toContain("*");
    expect(directive(csp, "object-src")).toEqual(["'none'"]);
    expect(directive(csp, "frame-ancestors")).toEqual(["'none'"]);
  });

  it("adds operator hosts and drops anything that is not a plain origin", () => {
    const csp = contentSecurityPolicy({
      extraConnect: "https://models.example.org 'unsafe-eval' https://x.example;script-src",
    });
    expect(directive(csp, "connect-src")).toContain("https://models.example.org");
    expect(csp).not.toContain("x.example;script-src");
    expect(directive(csp, "script-src")).not.toContain("'unsafe-eval'");
  });
});
