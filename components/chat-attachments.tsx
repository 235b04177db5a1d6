"use client";
import { useRef, useState } from "react";
import { attachError, IMAGE_TYPES, readAsDataUrl } from "@/lib/chat/image-attach";
import { Button } from "@/components/ui/button";

export interface Attachment {
  id: string;
  name: string;
  type: string;
  size: number;
  url: string;
}

/** The images attached to the draft: added from a file input, a drop or a paste, each checked first. */
export function useAttachments() {
  const [items, setItems] = useState<Attachment[]>([]);
  const [error, setError] = useState<string | null>(null);
  async function add(files: Iterable<File>) {
    setError(null);
    const next = [...items];
    for (const f of files) {
      const why = attachError(f, next);
      if (why) {
        setError(why);
        break;
      }
      next.push({ id: crypto.randomUUID(), name: f.name, type: f.type, size: f.size, url: await readAsDataUrl(f) });
    }
    setItems(next);
  }
  return {
    items,
    error,
    add,
    remove: (i: number) => setItems(items.filter((_, j) => j !== i)),
    clear: () => {
      setItems([]);
      setError(null);
    },
  };
}

/** The attach button (hidden file input) for a vision model. */
export function AttachButton({ onFiles, disabled }: { onFiles: (files: File[]) => void; disabled?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept={IMAGE_TYPES.join(",")}
        multiple
        hidden
        data-testid="attach-input"
        onChange={(e) => {
          onFiles([...(e.target.files ?? [])]);
          e.target.value = "";
        }}
      />
      <Button
        data-testid="attach"
        variant="secondary"
        className="h-10"
        disabled={disabled}
        title="Attach images (or drop or paste them)"
        onClick={() => input.current?.click()}
      >
        Image
      </Button>
    </>
  );
}

/** Thumbnails of the attached images, each removable, and why the last one was refused. */
export function AttachmentStrip({
  items,
  error,
  onRemove,
}: {
  items: Attachment[];
  error: string | null;
  onRemove: (i: number) => void;
}) {
  if (!items.length && !error) return null;
  return (
    <div className="mx-auto mb-2 flex max-w-3xl flex-wrap items-center gap-2">
      {items.map((a, i) => (
        <div key={a.id} data-testid="attachment" className="relative">
          {/* biome-ignore lint/performance/noImgElement: a local data URL, nothing for next/image to optimise */}
          <img src={a.url} alt={a.name} className="h-14 w-14 rounded border border-zinc-300 object-cover" />
          <button
            type="button"
            aria-label={`Remove ${a.name}`}
            onClick={() => onRemove(i)}
            className="absolute -top-1.5 -right-1.5 rounded-full bg-zinc-700 px-1.5 text-xs text-white"
          >
            ×
          </button>
        </div>
      ))}
      {error && (
        <p data-testid="attach-error" role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
