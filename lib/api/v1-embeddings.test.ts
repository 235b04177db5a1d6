import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { GET as pickerModelsGET } from "@/app/api/models/route";
import { POST as embeddingsPOST } from "@/app/api/v1/embeddings/route";
// @ts-expect-error plain ESM module without types
import { embedVector } from "../../e2e/stubs/upstream.mjs";
import { apiPortForTests } from "./api-port.mock";

// `POST /v1/embeddings` with the official `openai` client, on the API port and on the app's route handler.
const api = apiPortForTests({ limits: { ratePerSecond: 1000, rateBurst: 1000 } });

const vector = embedVector as (text: string, dims?: number) => number[];
const f32 = (v: number[]) => Array.from(new Float32Array(v));
const decode = (s: string) => Array.from(new Float32Array(new Uint8Array(Buffer.from(s, "base64")).buffer));

const clients: Array<[string, () => OpenAI]> = [
  ["API port", () => new OpenAI({ apiKey: "none", baseURL: `${api.base}/v1`, maxRetries: 0 })],
  // The app's route handler (app/api/v1/embeddings/route.ts), called by the client through its fetch.
  [
    "app route",
    () =>
      new OpenAI({
        apiKey: "none",
        baseURL: "http://joust.test/api/v1",
        maxRetries: 0,
        fetch: (url, init) => embeddingsPOST(new Request(url, init)),
      }),
  ],
];

describe("embedding models", () => {
  it("are listed by /v1/models but not offered to the chat pickers (/api/models)", async () => {
    const ids: string[] = [];
    for await (const m of clients[0][1]().models.list()) ids.push(m.id);
    expect(ids).toEqual(expect.arrayContaining(["gpt-embed", "gemini-embed", "gpt"]));
    const picker = ((await (await pickerModelsGET()).json()) as { models: Array<{ name: string }> }).models.map(
      (m) => m.name,
    );
    expect(picker).toContain("gpt");
    expect(picker).not.toContain("gpt-embed");
    expect(picker).not.toContain("gemini-embed");
  });
});

describe.each(clients)("embeddings on the %s", (_, client) => {
  it.each(["gpt-embed", "gemini-embed"])(
    "%s: float, base64 and the client's default (base64, decoded by the SDK); string or list input; usage",
    async (model) => {
      const float = await client().embeddings.create({
        model,
        input: ["hello world", "second"],
        encoding_format: "float",
      });
      expect(float.object).toBe("list");
      expect(float.model).toBe(model);
      expect(float.data.map((d) => d.index)).toEqual([0, 1]);
      expect(float.data[0].embedding).toEqual(vector("hello world"));
      expect(float.data[1].embedding).toEqual(vector("second"));
      expect(float.usage.prompt_tokens).toBeGreaterThan(0);
      expect(float.usage.total_tokens).toBe(float.usage.prompt_tokens);
      const b64 = await client().embeddings.create({ model, input: "hello world", encoding_format: "base64" });
      expect(typeof b64.data[0].embedding).toBe("string");
      expect(decode(b64.data[0].embedding as unknown as string)).toEqual(f32(vector("hello world")));
      const byDefault = await client().embeddings.create({ model, input: "hello world", dimensions: 4 });
      expect(byDefault.data[0].embedding).toEqual(f32(vector("hello world", 4)));
    },
  );

  it("refuses a model without the capability (400 naming 'model'), an unknown model (404), an empty input", async () => {
    const err = await client()
      .embeddings.create({ model: "gpt", input: "x" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("model");
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).code).toBe("unsupported_parameter");
    expect(
      await client()
        .embeddings.create({ model: "nope", input: "x" })
        .catch((e: unknown) => e),
    ).toBeInstanceOf(OpenAI.NotFoundError);
    const empty = await client()
      .embeddings.create({ model: "gpt-embed", input: ["a", ""] })
      .catch((e: unknown) => e);
    expect((empty as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("input[1]");
    const tokens = await client()
      .embeddings.create({ model: "gpt-embed", input: [1, 2, 3] })
      .catch((e: unknown) => e);
    expect(tokens).toBeInstanceOf(OpenAI.BadRequestError);
  });
});
