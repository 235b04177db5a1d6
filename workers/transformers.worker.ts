import { serveEngine } from "@/lib/engines/worker-handler";
import { TransformersBackend } from "@/lib/engines/transformers/backend";

serveEngine(new TransformersBackend());
