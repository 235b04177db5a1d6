import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { stubConfig, stubReply } from "@/lib/providers/test-stub";
import { apiPortForTests } from "./api-port.mock";

// Image parts in messages, through the API port with the official `openai` client: passed to OpenAI-format
// upstreams, mapped to Anthropic `image` blocks and Gemini `inlineData`; the stubs echo `[media type]` per image.
const LIMITS = { limits: { ratePerSecond: 1000, rateBurst: 1000 } };
const api = apiPortForTests(LIMITS);

const client = () => api.client();
const PNG = `data:image/png;base64,${Buffer.from("\x89PNG\r\n\x1a\n-not-really-an-image").toString("base64")}`;
const withImage = (url: string): OpenAI.ChatCompletionMessageParam[] => [
  {
    role: "user",
    content: [
      { type: "text", text: "what is this" },
      { type: "image_url", image_url: { url } },
    ],
  },
];
const badParam = (e: unknown) => (e as InstanceType<typeof OpenAI.BadRequestError>).param;

describe("images in messages", () => {
  it.each(["gpt", "local-all", "claude", "gemini"])(
    "%s receives a data-URL image in its own wire format (streamed and not)",
    async (model) => {
      const r = await client().chat.completions.create({ model, messages: withImage(PNG) });
      expect(r.choices[0].message.content).toBe(stubReply("what is this [image/png]"));
      let text = "";
      for await (const c of await client().chat.completions.create({ model, messages: withImage(PNG), stream: true }))
        text += c.choices[0]?.delta.content ?? "";
      expect(text).toBe(stubReply("what is this [image/png]"));
    },
  );

  it("refuses a model without vision, web URLs by default, non-image data and over-large images", async () => {
    const noVision = await client()
      .chat.completions.create({ model: "mistral", messages: withImage(PNG) })
      .catch((e: unknown) => e);
    expect(noVision).toBeInstanceOf(OpenAI.BadRequestError);
    expect(badParam(noVision)).toBe("messages[0].content[1].image_url");
    const remote = await client()
      .chat.completions.create({ model: "gpt", messages: withImage("https://example.com/cat.png") })
      .catch((e: unknown) => e);
    expect(remote).toBeInstanceOf(OpenAI.BadRequestError);
    expect(badParam(remote)).toBe("messages[0].content[1].image_url.url");
    const notImage = await client()
      .chat.completions.create({ model: "gpt", messages: withImage("data:text/html;base64,PGgxPg==") })
      .catch((e: unknown) => e);
    expect(badParam(notImage)).toBe("messages[0].content[1].image_url.url");
    stubConfig(api.stub.url, { ...LIMITS, images: { maxImageBytes: 10 } });
    try {
      const big = await client()
        .chat.completions.create({ model: "gpt", messages: withImage(PNG) })
        .catch((e: unknown) => e);
      expect((big as InstanceType<typeof OpenAI.APIError>).status).toBe(413);
    } finally {
      stubConfig(api.stub.url, LIMITS);
    }
  });

  it("with images.allowRemoteUrls, web URLs go as they are to upstreams that fetch them (never Gemini); the server fetches nothing", async () => {
    stubConfig(api.stub.url, { ...LIMITS, images: { allowRemoteUrls: true } });
    try {
      for (const model of ["gpt", "claude"]) {
        const r = await client().chat.completions.create({ model, messages: withImage("https://example.com/cat.png") });
        expect(r.choices[0].message.content, model).toBe(stubReply("what is this [url]"));
      }
      const gemini = await client()
        .chat.completions.create({ model: "gemini", messages: withImage("https://example.com/cat.png") })
        .catch((e: unknown) => e);
      expect(badParam(gemini)).toBe("messages[0].content[1].image_url.url");
    } finally {
      stubConfig(api.stub.url, LIMITS);
    }
  });
});
