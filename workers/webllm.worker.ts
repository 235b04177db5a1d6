import { serveEngine } from "@/lib/engines/worker-handler";
import { WebLLMBackend } from "@/lib/engines/webllm/backend";

serveEngine(new WebLLMBackend());
