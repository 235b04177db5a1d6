/**
 * Backend → ChatEngine construction. Workers are created lazily, in client code;
 * web-llm and transformers.js are only ever imported inside their workers.
 */
import { JoustError } from "@/lib/errors";
import { FakeEngine } from "./fake-engine";
import { RemoteEngine } from "./remote-engine";
import type { ChatEngine } from "./types";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { WorkerEngine } from "./worker-engine";

export function createEngine(model: ModelDescriptor): ChatEngine {
  switch (model.backend) {
    case "transformers":
      return new WorkerEngine(
        model,
        new Worker(new URL("../../workers/transformers.worker.ts", import.meta.url), {
          type: "module",
          name: `transformers:${model.id}`,
        }),
      );
    case "webllm":
      return new WorkerEngine(
        model,
        new Worker(new URL("../../workers/webllm.worker.ts", import.meta.url), {
          type: "module",
          name: `webllm:${model.id}`,
        }),
      );
    case "remote":
      return new RemoteEngine(model);
    case "fake":
      return new FakeEngine(model);
    default:
      throw new JoustError("unsupported:engine", `Unknown backend for model ${String((model as ModelDescriptor).id)}`);
  }
}
