import type { Backend, Device } from "@/lib/engines/types";

/** A model anything in Joust can pick. Remote entries never carry secrets. */
export interface ModelDescriptor {
  /** Stable id used everywhere in the UI and the stores, e.g. "transformers:tiny-chat". */
  id: string;
  backend: Backend;
  displayName: string;
  /** The backend's own id (web-llm model_id, HF repo id, remote model name). */
  backendModelId: string;
  /** Base URL for custom weights (transformers: host serving `<id>/config.json`; web-llm: model URL). */
  url?: string;
  contextWindow?: number;
  /** Approximate download size in bytes, when known. */
  sizeBytes?: number;
  /** web-llm: needs the shader-f16 WebGPU feature. */
  requiresF16?: boolean;
  /** web-llm: approximate VRAM requirement in MB. */
  vramMB?: number;
  /** web-llm custom models: URL of the compiled model library (.wasm) for this web-llm runtime version. */
  modelLibUrl?: string;
  /** web-llm: GPU buffer size the model needs, when known (checked against the adapter's limits). */
  bufferSizeRequiredBytes?: number;
  /** web-llm: WebGPU features the model needs besides shader-f16, when known. */
  requiredFeatures?: string[];
  /** transformers: dtype to load. */
  dtype?: string;
  /** transformers: force a device (e.g. "wasm" to retry without WebGPU); default: WebGPU when an adapter exists. */
  device?: Device;
  /** Remote: provider kind and availability as reported by the server. */
  provider?: string;
  available?: boolean;
  unavailableReason?: string;
  /** Remote: the model takes images (capability `vision`): the chat offers image attach. */
  vision?: boolean;
}
