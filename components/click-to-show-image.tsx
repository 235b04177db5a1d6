"use client";
import { useState, type ComponentProps } from "react";

/**
 * A markdown image from model output, shown only when the user clicks: an injected image URL would
 * otherwise be fetched at once and could carry the conversation to a third party in its query string.
 * Images from this site (relative URLs, data:) show directly.
 */
export function ClickToShowImage({ node: _node, src, alt, ...rest }: ComponentProps<"img"> & { node?: unknown }) {
  const [shown, setShown] = useState(false);
  const url = typeof src === "string" ? src : "";
  const host = remoteHost(url);
  if (!url) return null;
  if (!host || shown) {
    // biome-ignore lint/performance/noImgElement: model output images come from arbitrary hosts that next/image cannot optimise
    return <img {...rest} src={url} alt={alt ?? ""} referrerPolicy="no-referrer" loading="lazy" />;
  }
  return (
    <button
      type="button"
      data-testid="markdown-image-placeholder"
      onClick={() => setShown(true)}
      className="my-1 rounded border border-dashed border-zinc-400 px-2 py-1 text-xs text-zinc-600 hover:bg-zinc-100"
      title={url}
    >
      Show image{alt ? ` “${alt}”` : ""} from {host}
    </button>
  );
}

/** The host of an absolute http(s) URL, else undefined (relative and data: URLs stay on this page). */
export function remoteHost(url: string): string | undefined {
  if (/^data:image\//i.test(url)) return undefined;
  if (!/^[a-z][a-z0-9+.-]*:|^\/\//i.test(url)) return undefined;
  try {
    return new URL(url, "http://this.invalid").host || url;
  } catch {
    return url;
  }
}
