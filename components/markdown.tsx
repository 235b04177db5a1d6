// PLACEHOLDER — the chat work replaces this with streaming markdown + code highlighting (same export).
export function Markdown({ text }: { text: string }) {
  return <div className="whitespace-pre-wrap break-words">{text}</div>;
}
