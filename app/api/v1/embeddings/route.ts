import { webV1 } from "@/lib/api/v1-handler";

export const dynamic = "force-dynamic";

export const POST = webV1("embeddings");
export const OPTIONS = webV1("embeddings");
