import type { V1Request } from "./chat-completions";
import { toChatMessages } from "./chat-completions";
import type { ChatMessage } from "@/lib/engines/types";

interface Sampling {
  model: string;
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean } | null;
  n?: number | null;
  stop?: string | string[] | null;
  max_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  presence_penalty?: number | null;
  frequency_penalty?: number | null;
  seed?: number | null;
  user?: string | null;
}

const u = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

/** Maps parsed OpenAI fields onto Joust's request (`max_completion_tokens` wins over `max_tokens`). */
export function toV1Request(b: Sampling & { max_completion_tokens?: number | null }, messages: ChatMessage[]): V1Request {
  return {
    model: b.model,
    n: b.n ?? 1,
    stream: b.stream === true,
    includeUsage: b.stream_options?.include_usage === true,
    req: {
      messages,
      max_tokens: u(b.max_completion_tokens) ?? u(b.max_tokens),
      temperature: u(b.temperature),
      top_p: u(b.top_p),
      stop: u(b.stop),
      seed: u(b.seed),
      presence_penalty: u(b.presence_penalty),
      frequency_penalty: u(b.frequency_penalty),
      user: u(b.user),
      // A stream that reports no usage needs none from the upstream (one chunk less, and no `"usage":null` on every chunk).
      skipUsage: b.stream === true && b.stream_options?.include_usage !== true,
    },
  };
}

export { toChatMessages };
