import { expect, test } from "./fixtures";

// The chat's image attach and tool-call blocks with remote stub models (e2e/stubs/upstream.mjs):
// `stub-vision` (openai-compatible, `capabilities: ["vision"]`) reads each image part as `[image/png]`;
// `stub-toolcall` always answers with one `get_weather` tool call.
test.use({ fakeEngine: false });

/** A real 1×1 PNG. */
const PNG = {
  name: "dot.png",
  mimeType: "image/png",
  buffer: Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    "base64",
  ),
};

test.describe("chat: images and tool calls with remote models", () => {
  test.beforeEach(async ({ chat }) => {
    await chat.goto();
  });

  test("an image attached on a vision model shows in the message and reaches the model; reload keeps it", async ({
    chat,
    page,
  }) => {
    await chat.selectModel("remote:stub-vision");
    await chat.attachImage(PNG);
    await expect(chat.attachments).toHaveCount(1);
    await chat.send("what is this");
    const answer = await chat.waitForAnswer();
    expect(answer).toContain("[image/png]");
    expect(answer).toContain("what is this");
    const image = chat.userMessages.last().getByTestId("message-image");
    await expect(image).toHaveAttribute("src", /^data:image\/png;base64,iVBORw0KGgo/);
    await expect(chat.attachments).toHaveCount(0); // sent with the message, not left in the draft

    // Dropped on the composer: the second turn carries its own image, the history keeps the first.
    await chat.dropImage({ ...PNG, name: "dropped.png" });
    await expect(chat.attachments).toHaveCount(1);
    await chat.send("and this one");
    expect(await chat.waitForAnswer()).toContain("[image/png]");

    await page.reload();
    await expect(page.getByTestId("message-image")).toHaveCount(2);
  });

  test("too large or not an image: a readable refusal, nothing attached", async ({ chat }) => {
    await chat.selectModel("remote:stub-vision");
    await chat.attachImage({ name: "huge.png", mimeType: "image/png", buffer: Buffer.alloc(400 * 1024, 1) });
    await expect(chat.attachError).toHaveText("huge.png is too large (400 KB): images up to 160 KB can be attached.");
    await expect(chat.attachments).toHaveCount(0);
    await chat.attachImage({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hi") });
    await expect(chat.attachError).toHaveText("notes.txt is not a PNG, JPEG, GIF or WebP image.");
    await expect(chat.attachments).toHaveCount(0);
  });

  test("no attach control for a model without vision", async ({ chat }) => {
    await chat.selectModel("remote:stub-vision");
    await expect(chat.attachButton).toBeVisible();
    await chat.selectModel("remote:stub-local");
    await expect(chat.composer).toBeVisible();
    await expect(chat.attachButton).toHaveCount(0);
  });

  test("a tool call the model makes shows as a collapsible block with its name and arguments", async ({
    chat,
    page,
  }) => {
    await chat.selectModel("remote:stub-toolcall");
    await chat.send("weather in Oslo");
    await chat.waitForAnswer();
    const block = chat.toolCalls();
    await expect(block).toHaveCount(1);
    await expect(block.getByTestId("tool-call-name")).toHaveText("get_weather");
    const args = block.getByTestId("tool-call-arguments");
    await expect(args).toBeHidden(); // collapsed until opened
    await block.locator("summary").click();
    await expect(args).toBeVisible();
    expect(JSON.parse(await args.innerText())).toEqual({ q: "weather in Oslo", n: 0 });
    await expect(chat.lastAnswer.getByTestId("message-error")).toHaveCount(0);

    await page.reload();
    await expect(chat.toolCalls()).toHaveCount(1);
  });
});
