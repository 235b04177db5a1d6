import { webV1 } from "@/lib/api/v1-handler";

export const dynamic = "force-dynamic";

export const GET = webV1("models");
export const OPTIONS = webV1("models");
