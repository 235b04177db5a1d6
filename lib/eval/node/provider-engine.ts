import "server-only";
/**
 * Server-side ChatEngine over a configured provider entry (joust.config.json, or a base URL given
 * on the command line): the CLI runs the same pipeline as the page, straight to the upstream.
 */
import type { ChatCompletionChunk, ChatRequest } from "@/lib/chat-protocol/types";
import type { ChatEngine, EngineCapabilities, StreamOptions } from "@/lib/engines/types";
import { JoustError } from "@/lib/errors";
import { modelEntrySchema, readConfig, type ModelEntry } from "@/lib/providers/config";
import { streamEntry } from "@/lib/providers/stream";

export class ProviderEngine implements ChatEngine {
  readonly capabilities: EngineCapabilities;
  constructor(private readonly entry: ModelEntry) {
    this.capabilities = { backend: "remote", device: "server", contextWindow: entry.contextWindow };
  }
  get modelId(): string {
    return this.entry.name;
  }
  async load(): Promise<void> {}
  async unload(): Promise<void> {}
  stream(req: ChatRequest, opts: StreamOptions = {}): AsyncIterable<ChatCompletionChunk> {
    return streamEntry(this.entry, req, opts.signal ?? new AbortController().signal);
  }
}

export interface EndpointFlags {
  configPath?: string;
  /** For names not in the config: an OpenAI-compatible server (vLLM, Ollama …) serving them under that name. */
  baseUrl?: string;
  apiKeyEnv?: string;
  timeoutMs?: number;
}

/** Resolves model names to engines: configured entries first, else the --base-url server. */
export function resolveEngines(names: readonly string[], flags: EndpointFlags): Map<string, ChatEngine> {
  const cfg = readConfig(flags.configPath);
  const out = new Map<string, ChatEngine>();
  for (const name of names) {
    const m = cfg.models.find((x) => x.name === name);
    if (m) {
      if (!m.available || !m.entry)
        throw new JoustError("unavailable:provider", `${name} is unavailable: ${m.unavailableReason ?? "disabled"}`);
      out.set(name, new ProviderEngine(flags.timeoutMs ? { ...m.entry, timeoutMs: flags.timeoutMs } : m.entry));
      continue;
    }
    if (!flags.baseUrl)
      throw new JoustError("not_found:model", `Unknown model "${name}": not in ${cfg.file} and no --base-url given.`);
    if (flags.apiKeyEnv && !process.env[flags.apiKeyEnv])
      throw new JoustError(
        "unavailable:provider",
        `--api-key-env: environment variable ${flags.apiKeyEnv} is not set.`,
      );
    const parsed = modelEntrySchema.safeParse({
      name,
      provider: "openai-compatible",
      model: name,
      baseUrl: flags.baseUrl,
      apiKeyEnv: flags.apiKeyEnv,
      timeoutMs: flags.timeoutMs ?? 120_000,
    });
    if (!parsed.success) throw new JoustError("bad_request:config", `${name}: ${parsed.error.issues[0].message}`);
    out.set(name, new ProviderEngine(parsed.data));
  }
  return out;
}
