"use client";
import { memo, useRef, useState, type ComponentProps } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import rehypeHighlight from "rehype-highlight";
import bash from "highlight.js/lib/languages/bash";
import css from "highlight.js/lib/languages/css";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import python from "highlight.js/lib/languages/python";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import { ClickToShowImage } from "./click-to-show-image";
import "./markdown-renderer.css";

// A handful of languages only; anything else renders as plain code.
const LANGUAGES = { bash, css, javascript, json, python, typescript, xml };
const ALIASES = {
  bash: ["sh", "shell", "zsh"],
  javascript: ["js", "jsx"],
  typescript: ["ts", "tsx"],
  xml: ["html", "svg"],
  python: ["py"],
};

function CodeBlock(props: ComponentProps<"pre">) {
  const ref = useRef<HTMLPreElement>(null);
  const [copied, setCopied] = useState(false);
  const { children, ...rest } = props;
  delete (rest as { node?: unknown }).node;
  async function copy() {
    await navigator.clipboard?.writeText(ref.current?.innerText ?? "").catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  }
  return (
    <div className="group relative my-3">
      <button
        type="button"
        data-testid="copy-code"
        onClick={copy}
        className="absolute top-2 right-2 rounded border border-zinc-600 bg-zinc-800 px-2 py-0.5 text-xs text-zinc-200 opacity-80 hover:opacity-100"
      >
        {copied ? "Copied" : "Copy"}
      </button>
      <pre
        ref={ref}
        {...rest}
        className="overflow-x-auto rounded-md bg-zinc-900 p-3 pr-16 text-[13px] leading-relaxed text-zinc-100"
      >
        {children}
      </pre>
    </div>
  );
}

const components: Components = {
  pre: CodeBlock,
  a: ({ node: _node, ...p }) => <a {...p} target="_blank" rel="noreferrer noopener" />,
  img: ClickToShowImage,
};

export const MarkdownRenderer = memo(function MarkdownRenderer({ text }: { text: string }) {
  return (
    <div className="chat-markdown break-words" data-testid="markdown">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[[rehypeHighlight, { languages: LANGUAGES, aliases: ALIASES, detect: false }]]}
        components={components}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
});
