/**
 * The web-llm backend, run inside workers/webllm.worker.ts behind our one worker protocol.
 * It refuses before any download when the adapter cannot run the model (compat.ts), probes the
 * model URLs itself so failures get typed codes (offline / 404), then drives MLCEngine.
 */
import { hasModelInCache, MLCEngine, prebuiltAppConfig, type AppConfig, type ModelRecord } from "@mlc-ai/web-llm";
import { JoustError } from "@/lib/errors";
import type { WorkerBackend } from "../protocol";
import type { ChatCompletionChunk, ChatRequest, FinishReason } from "@/lib/chat-protocol/types";
import type { EngineCapabilities, LoadProgress } from "@/lib/engines/types";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { checkWebLLMCompat, probeAdapter, type AdapterFacts } from "./compat";
import { fetchFailureError, mapWebLLMError } from "./errors";
import { preflightModel } from "./preflight";
import { descriptorToRecord, type WebLLMRecord } from "./records";

type Engine = Pick<MLCEngine, "reload" | "unload" | "interruptGenerate" | "chat">;

export interface WebLLMDeps {
  probeAdapter: () => Promise<AdapterFacts | null>;
  fetch: typeof fetch;
  isCached: (modelId: string, appConfig: AppConfig) => Promise<boolean>;
  createEngine: (appConfig: AppConfig, onProgress: (p: LoadProgress) => void) => Engine;
}

const defaultDeps: WebLLMDeps = {
  probeAdapter,
  fetch: (...args) => globalThis.fetch(...args),
  isCached: (id, cfg) => hasModelInCache(id, cfg).catch(() => false),
  createEngine: (appConfig, onProgress) =>
    new MLCEngine({ appConfig, initProgressCallback: (r) => onProgress({ progress: r.progress, text: r.text }) }),
};

export class WebLLMBackend implements WorkerBackend {
  private engine?: Engine;
  private modelId = "";

  constructor(private readonly deps: WebLLMDeps = defaultDeps) {}

  async load(model: ModelDescriptor, onProgress: (p: LoadProgress) => void): Promise<EngineCapabilities> {
    const prebuilt = prebuiltAppConfig.model_list as WebLLMRecord[];
    const record = descriptorToRecord(model, prebuilt);
    // 1. Refuse before any download.
    const compat = checkWebLLMCompat(record, await this.deps.probeAdapter());
    if (!compat.ok) throw compat.error;
    const appConfig: AppConfig = {
      ...prebuiltAppConfig,
      model_list: [
        ...prebuiltAppConfig.model_list.filter((r) => r.model_id !== record.model_id),
        record as ModelRecord,
      ],
    };
    // 2. Probe the URLs ourselves (unless cached) so offline / 404 get typed errors.
    let totalBytes: number | undefined;
    if (!(await this.deps.isCached(record.model_id, appConfig))) {
      const probe = await preflightModel(record, this.deps.fetch);
      if (probe.failure) throw fetchFailureError(probe.failure);
      totalBytes = probe.totalBytes;
    }
    // 3. Load.
    const engine = this.deps.createEngine(appConfig, (p) =>
      onProgress(
        totalBytes && p.progress !== undefined
          ? { ...p, totalBytes, loadedBytes: Math.round(totalBytes * p.progress) }
          : p,
      ),
    );
    try {
      await engine.reload(record.model_id);
    } catch (err) {
      await engine.unload().catch(() => undefined);
      throw mapWebLLMError(err);
    }
    this.engine = engine;
    this.modelId = model.id;
    const override = (prebuilt.find((r) => r.model_id === record.model_id) as ModelRecord | undefined)?.overrides;
    return { backend: "webllm", device: "webgpu", contextWindow: model.contextWindow ?? override?.context_window_size };
  }

  async *stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<ChatCompletionChunk> {
    const engine = this.engine;
    if (!engine) throw new JoustError("unavailable:engine", "The web-llm model is not loaded.");
    if (signal.aborted) return;
    const onAbort = () => engine.interruptGenerate();
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      const chunks = await engine.chat.completions.create({
        messages: request.messages,
        stream: true,
        stream_options: { include_usage: true },
        temperature: request.temperature,
        top_p: request.top_p,
        max_tokens: request.max_tokens,
        stop: request.stop,
        seed: request.seed,
        presence_penalty: request.presence_penalty,
        frequency_penalty: request.frequency_penalty,
      });
      for await (const c of chunks) {
        yield {
          id: c.id,
          object: "chat.completion.chunk",
          created: c.created,
          model: this.modelId,
          choices: c.choices.map((ch) => ({
            index: ch.index,
            delta: {
              ...(ch.delta.role === "assistant" ? { role: "assistant" as const } : {}),
              ...(ch.delta.content ? { content: ch.delta.content } : {}),
            },
            finish_reason: mapFinish(ch.finish_reason, signal),
          })),
          ...(c.usage
            ? {
                usage: {
                  prompt_tokens: c.usage.prompt_tokens,
                  completion_tokens: c.usage.completion_tokens,
                  total_tokens: c.usage.total_tokens,
                },
              }
            : {}),
        };
      }
    } catch (err) {
      throw mapWebLLMError(err);
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  }

  async unload(): Promise<void> {
    const engine = this.engine;
    this.engine = undefined;
    await engine?.unload().catch(() => undefined);
  }
}

function mapFinish(reason: string | null | undefined, signal: AbortSignal): FinishReason {
  if (reason === "abort" || (reason && signal.aborted)) return "abort";
  if (reason === "stop" || reason === "length") return reason;
  return reason ? "stop" : null;
}
