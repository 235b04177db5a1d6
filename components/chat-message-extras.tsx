import type { ToolCall } from "@/lib/chat-protocol/tools";

/** The images a user message carries, as thumbnails. */
export function MessageImages({ images }: { images: string[] }) {
  return (
    <div className="flex max-w-[85%] flex-wrap justify-end gap-2">
      {/* A stored message's images never reorder: their position is their key. */}
      {images
        .map((url, i) => ({ url, n: i + 1 }))
        .map(({ url, n }) => (
          // biome-ignore lint/performance/noImgElement: a data URL the user attached, nothing for next/image to optimise
          <img
            key={n}
            data-testid="message-image"
            src={url}
            alt={`Attachment ${n}`}
            className="max-h-48 max-w-48 rounded-lg border border-zinc-200 object-contain"
          />
        ))}
    </div>
  );
}

/** Arguments pretty-printed when they are JSON, else as the model sent them. */
export function prettyArguments(args: string): string {
  try {
    return JSON.stringify(JSON.parse(args), null, 2);
  } catch {
    return args;
  }
}

/** Tool calls the model made, one collapsible block each: the function's name, then its arguments. */
export function ToolCallBlocks({ calls }: { calls: ToolCall[] }) {
  return (
    <div className="space-y-1.5">
      {calls.map((c) => (
        <details key={c.id} data-testid="tool-call" className="rounded-md border border-zinc-200 bg-zinc-50 text-sm">
          <summary className="cursor-pointer px-3 py-1.5 font-mono">
            <span className="text-zinc-500">Tool call </span>
            <span data-testid="tool-call-name">{c.function.name}</span>
          </summary>
          <pre data-testid="tool-call-arguments" className="overflow-x-auto px-3 pb-2 text-xs">
            {prettyArguments(c.function.arguments)}
          </pre>
        </details>
      ))}
    </div>
  );
}
