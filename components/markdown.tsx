"use client";
import { useEffect, useState, type ComponentType } from "react";

type Renderer = ComponentType<{ text: string }>;

// The renderer (react-markdown, remark-gfm, rehype-highlight) is loaded on first use, outside
// the page's first-load JavaScript. Until it arrives the text shows as plain, wrapped text.
let loaded: Renderer | null = null;
let loading: Promise<Renderer> | null = null;

function loadRenderer(): Promise<Renderer> {
  loading ??= import("./markdown-renderer").then((m) => (loaded = m.MarkdownRenderer));
  return loading;
}

/** Streaming-safe markdown with GFM and highlighted code blocks (each with a copy button). */
export function Markdown({ text }: { text: string }) {
  const [Renderer, setRenderer] = useState<Renderer | null>(() => loaded);
  useEffect(() => {
    if (Renderer) return;
    let live = true;
    void loadRenderer().then((r) => live && setRenderer(() => r));
    return () => {
      live = false;
    };
  }, [Renderer]);
  if (!Renderer) return <div className="whitespace-pre-wrap break-words">{text}</div>;
  return <Renderer text={text} />;
}
