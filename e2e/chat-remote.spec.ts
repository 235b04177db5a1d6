import { expect, test } from "./fixtures";
// @ts-expect-error -- plain ESM stub without type declarations
import { replyTokens } from "./stubs/upstream.mjs";

// The chat at `/` with remote models: browser → RemoteEngine → POST /api/chat → provider adapter → stub upstream
// (e2e/stubs/upstream.mjs, speaking the provider's wire format). Replies are `Echo: <prompt words> alpha bravo …`.
test.use({ fakeEngine: false });

const reply = (prompt: string, count = 16): string => (replyTokens(prompt, count) as string[]).join("");

test.describe("chat with remote models", () => {
  test.beforeEach(async ({ chat }) => {
    await chat.goto();
  });

  test("remote models are listed as (remote); an OpenAI and an Anthropic stub answer exactly; reload keeps it", async ({
    chat,
    page,
  }) => {
    await chat.modelPicker.click();
    await expect(
      page.getByTestId("model-picker-group-remote").locator('[data-model-id="remote:stub-gpt"]'),
    ).toContainText("stub-gpt");
    await chat.modelPicker.click();
    await chat.selectModel("remote:stub-gpt");
    await chat.send("hello remote world");
    expect(await chat.waitForAnswer()).toBe(reply("hello remote world"));
    await expect(chat.lastAnswer).toHaveAttribute("data-finish", "stop");
    await expect(chat.lastAnswer.getByTestId("message-stats")).toContainText("16 tokens");

    // Same conversation, another provider (Anthropic Messages SSE).
    await chat.selectModel("remote:stub-claude");
    await chat.send("second question here");
    expect(await chat.waitForAnswer()).toBe(reply("second question here"));
    await expect(chat.lastAnswer.getByTestId("message-error")).toHaveCount(0);

    await page.reload();
    await expect(chat.userTexts).toHaveText(["hello remote world", "second question here"]);
    expect((await chat.answerText(chat.answers.first())).trim()).toBe(reply("hello remote world"));
    expect((await chat.answerText()).trim()).toBe(reply("second question here"));
    await expect(chat.modelPicker).toHaveAttribute("data-value", "remote:stub-claude");
  });

  test("stop mid-stream on a slow remote model keeps the partial answer, also after reload", async ({ chat, page }) => {
    const full = reply("slow one please", 48); // stub-gpt-slow: 48 tokens, 40 ms apart
    await chat.selectModel("remote:stub-gpt-slow");
    await chat.send("slow one please");
    await chat.waitForStreamingText(12);
    await chat.stop();
    const partial = await chat.waitForAnswer();
    await expect(chat.lastAnswer).toHaveAttribute("data-finish", "abort");
    await expect(chat.lastAnswer.getByTestId("stopped-badge")).toBeVisible();
    await expect(chat.lastAnswer.getByTestId("message-error")).toHaveCount(0);
    expect(partial.length).toBeGreaterThanOrEqual(12);
    expect(partial.length).toBeLessThan(full.length);
    expect(full.startsWith(partial)).toBe(true);
    await page.waitForTimeout(500); // nothing more arrives after stop
    expect((await chat.answerText()).trim()).toBe(partial);

    await page.reload();
    await expect(chat.userTexts).toHaveText(["slow one please"]);
    await expect(chat.lastAnswer).toHaveAttribute("data-finish", "abort");
    expect((await chat.answerText()).trim()).toBe(partial);
  });

  test("an upstream 500 shows a readable error in the answer; the conversation survives reload; retry works", async ({
    chat,
    page,
  }) => {
    const crashes: string[] = [];
    page.on("pageerror", (e) => crashes.push(e.message));
    await chat.selectModel("remote:stub-gpt-500");
    await chat.send("will this fail");
    expect(await chat.waitForAnswer()).toBe("");
    await expect(chat.lastAnswer).toHaveAttribute("data-finish", "error");
    const error = chat.lastAnswer.getByTestId("message-error");
    await expect(error).toBeVisible();
    const message = (await error.innerText()).trim();
    expect(message.length).toBeGreaterThan(10);
    expect(message).not.toMatch(/[{}]|"error"|server_error|undefined|\[object/);
    expect(message).toMatch(/stub-gpt-500.*provider/); // names the model and who failed
    await expect(chat.composer).toBeEnabled();

    await page.reload();
    await expect(chat.userTexts).toHaveText(["will this fail"]);
    await expect(chat.lastAnswer).toHaveAttribute("data-finish", "error");
    await expect(chat.lastAnswer.getByTestId("message-error")).toHaveText(message);

    // Retry with a working model replaces the failed answer.
    await chat.selectModel("remote:stub-gpt");
    await chat.lastAnswer.getByTestId("retry").click();
    expect(await chat.waitForAnswer()).toBe(reply("will this fail"));
    await expect(chat.answers).toHaveCount(1);
    expect(crashes).toEqual([]);
  });

  test("a stream cut mid-answer keeps the partial text with a readable error, also after reload", async ({
    chat,
    page,
  }) => {
    const crashes: string[] = [];
    page.on("pageerror", (e) => crashes.push(e.message));
    const full = reply("cut me off now");
    await chat.selectModel("remote:stub-gpt-cut");
    await chat.send("cut me off now");
    const partial = await chat.waitForAnswer();
    await expect(chat.lastAnswer).toHaveAttribute("data-finish", "error");
    // The stub sends the role event and 3 tokens, then dies halfway through the 4th.
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(full.length);
    expect(full.startsWith(partial)).toBe(true);
    const error = chat.lastAnswer.getByTestId("message-error");
    await expect(error).toBeVisible();
    const message = (await error.innerText()).trim();
    expect(message.length).toBeGreaterThan(10);
    expect(message).not.toMatch(/[{}]|"error"|undefined|\[object/);
    expect(message).toMatch(/stub-gpt-cut.*stream/);

    await page.reload();
    await expect(chat.userTexts).toHaveText(["cut me off now"]);
    await expect(chat.lastAnswer).toHaveAttribute("data-finish", "error");
    expect((await chat.answerText()).trim()).toBe(partial);
    await expect(chat.lastAnswer.getByTestId("message-error")).toHaveText(message);
    expect(crashes).toEqual([]);
  });
});
