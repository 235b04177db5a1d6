import { readFile, writeFile } from "node:fs/promises";
import { expect, test } from "./fixtures";

// UI journeys of the single-model chat on the deterministic fake engine (real IndexedDB, real browser).
const LONG = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" "); // ~8 s of fake streaming

test.describe("chat", () => {
  test.beforeEach(async ({ chat }) => {
    await chat.goto();
    await chat.selectModel("fake:alpha");
  });

  test("send streams an answer with stats; reload keeps the conversation", async ({ chat, page }) => {
    await chat.send("hello there");
    await expect(chat.userTexts).toHaveText(["hello there"]);
    await chat.waitForStreamingText(5);
    const text = await chat.waitForAnswer();
    expect(text).toContain('Fake Alpha says: you wrote "hello there".');
    await expect(chat.lastAnswer).toHaveAttribute("data-finish", "stop");
    await expect(chat.lastAnswer.getByTestId("message-stats")).toContainText(
      /\d+ ms to first token · [\d.]+ tok\/s · \d+ tokens/,
    );
    await expect(chat.title).toHaveText("hello there");
    await expect(page).toHaveURL(/\?c=/);

    await page.reload();
    await expect(chat.userTexts).toHaveText(["hello there"]);
    expect((await chat.answerText()).trim()).toBe(text);
    await expect(chat.conversation("hello there")).toHaveCount(1);
    await expect(chat.modelPicker).toHaveAttribute("data-value", "fake:alpha");
  });

  test("answers render markdown: highlighted code blocks with a copy button", async ({ chat, page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await chat.send("Look:\n```js\nconst answer = 42;\n```\nand **bold** text");
    await chat.waitForAnswer();
    const block = chat.lastAnswer.locator("pre code").first();
    await expect(block).toHaveText("const answer = 42;");
    await expect(block.locator(".hljs-keyword").first()).toHaveText("const");
    await expect(chat.lastAnswer.locator("strong").first()).toHaveText("bold");
    await chat.lastAnswer.getByTestId("copy-code").first().click();
    await expect(chat.lastAnswer.getByTestId("copy-code").first()).toHaveText("Copied");
    expect((await page.evaluate(() => navigator.clipboard.readText())).trim()).toBe("const answer = 42;");
  });

  test("stop mid-stream keeps the partial answer, also after reload", async ({ chat, page }) => {
    await chat.send(LONG);
    await chat.waitForStreamingText(20);
    await chat.stop();
    const partial = await chat.waitForAnswer();
    await expect(chat.lastAnswer).toHaveAttribute("data-finish", "abort");
    await expect(chat.lastAnswer.getByTestId("stopped-badge")).toBeVisible();
    expect(partial.length).toBeGreaterThan(20);
    expect(partial.length).toBeLessThan(300); // the full answer is ~4,000 characters
    await page.waitForTimeout(500); // no more text arrives after stop
    expect((await chat.answerText()).trim()).toBe(partial);

    await page.reload();
    await expect(chat.lastAnswer).toHaveAttribute("data-finish", "abort");
    expect((await chat.answerText()).trim()).toBe(partial);
  });

  test("keyboard: Shift+Enter adds a newline, Enter sends, Esc stops", async ({ chat }) => {
    await chat.composer.click();
    await chat.composer.pressSequentially("line one");
    await chat.composer.press("Shift+Enter");
    await chat.composer.pressSequentially("line two");
    await expect(chat.composer).toHaveValue("line one\nline two");
    await expect(chat.userMessages).toHaveCount(0);
    await chat.composer.press("Enter");
    await expect(chat.userTexts.first()).toHaveText("line one\nline two");
    await expect(chat.composer).toHaveValue("");
    await chat.waitForAnswer();

    await chat.send(LONG);
    await chat.waitForStreamingText(10);
    await chat.page.keyboard.press("Escape");
    await chat.waitForAnswer();
    await expect(chat.lastAnswer).toHaveAttribute("data-finish", "abort");
  });

  test("regenerate replaces the last answer (here with another model)", async ({ chat }) => {
    await chat.send("regen me");
    await chat.waitForAnswer();
    await chat.selectModel("Fake Beta");
    await chat.regenerate();
    const text = await chat.waitForAnswer();
    expect(text).toContain('Fake Beta says: you wrote "regen me".');
    await expect(chat.answers).toHaveCount(1);
    await expect(chat.userMessages).toHaveCount(1);
  });

  test("edit a message and resend truncates what followed", async ({ chat }) => {
    await chat.send("first question");
    await chat.waitForAnswer();
    await chat.send("second question");
    await chat.waitForAnswer();
    await expect(chat.answers).toHaveCount(2);
    await chat.editMessage(0, "edited question");
    const text = await chat.waitForAnswer();
    await expect(chat.userTexts).toHaveText(["edited question"]);
    await expect(chat.answers).toHaveCount(1);
    expect(text).toContain('you wrote "edited question"');
  });

  test("rename, search and delete conversations", async ({ chat, page }) => {
    await chat.send("about apples");
    await chat.waitForAnswer();
    await chat.newChat();
    await expect(page.getByTestId("empty-state")).toBeVisible();
    await chat.send("about bananas");
    await chat.waitForAnswer();
    // Newest first.
    await expect(chat.conversationItems.getByTestId("conversation-open")).toHaveText(["about bananas", "about apples"]);

    await chat.rename("about apples", "Fruit notes");
    await expect(chat.conversationItems.getByTestId("conversation-open")).toHaveText(["about bananas", "Fruit notes"]);

    await chat.search("fruit"); // title match
    await expect(chat.conversationItems.getByTestId("conversation-open")).toHaveText(["Fruit notes"]);
    await chat.search("BANANAS"); // message text match, case-insensitive
    await expect(chat.conversationItems.getByTestId("conversation-open")).toHaveText(["about bananas"]);
    await chat.search("no such thing");
    await expect(chat.conversationItems).toHaveCount(0);
    await chat.search("");

    // Delete asks first; cancelling keeps it.
    await chat.conversation("Fruit notes").getByTestId("delete-conversation").click();
    await expect(page.getByTestId("confirm-delete")).toBeVisible();
    await page.getByTestId("confirm-delete").getByRole("button", { name: "Cancel" }).click();
    await expect(chat.conversationItems).toHaveCount(2);
    await chat.delete("about bananas"); // the open one
    await expect(chat.conversationItems.getByTestId("conversation-open")).toHaveText(["Fruit notes"]);
    await expect(page.getByTestId("empty-state")).toBeVisible();
    await page.reload();
    await expect(chat.conversationItems.getByTestId("conversation-open")).toHaveText(["Fruit notes"]);
  });

  test("system prompt and sampling settings are kept per conversation; stop sequence and max tokens are honoured", async ({
    chat,
    page,
  }) => {
    await chat.openSettings();
    await chat.setSystemPrompt("You answer like a pirate.");
    await chat.addStopSequence("wrote");
    await expect(page.getByTestId("stop-sequence")).toHaveText([/"wrote"/]);
    await chat.closeSettings();
    await chat.send("stop test");
    const text = await chat.waitForAnswer();
    expect(text).toBe("Fake Alpha says: you");
    await expect(chat.lastAnswer).toHaveAttribute("data-finish", "stop");

    await chat.newChat();
    await chat.openSettings();
    await expect(page.getByTestId("system-prompt")).toHaveValue("");
    await chat.setParam("max_tokens", "3");
    await chat.closeSettings();
    await chat.send("short");
    expect(await chat.waitForAnswer()).toBe("Fake Alpha says:");
    await expect(chat.lastAnswer).toHaveAttribute("data-finish", "length");

    // Each conversation keeps its own settings across reloads.
    await chat.openConversation("stop test");
    await page.reload();
    await chat.openSettings();
    await expect(page.getByTestId("system-prompt")).toHaveValue("You answer like a pirate.");
    await expect(page.getByTestId("stop-sequence")).toHaveText([/"wrote"/]);
    await expect(page.getByTestId("param-max_tokens")).toHaveValue("");
    await chat.closeSettings();
    const md = await chat.exportMarkdown();
    const mdText = await readFile((await md.path())!, "utf8");
    expect(mdText).toContain("## System\n\nYou answer like a pirate.");
    expect(mdText).toContain("## Assistant\n\nFake Alpha says: you");
  });

  test("export all as ShareGPT, then import it back", async ({ chat, page }, testInfo) => {
    await chat.send("export one");
    await chat.waitForAnswer();
    await chat.newChat();
    await chat.send("export two");
    await chat.waitForAnswer();

    const download = await chat.exportAll();
    expect(download.suggestedFilename()).toMatch(/\.sharegpt\.json$/);
    const file = testInfo.outputPath("export.json");
    await download.saveAs(file);
    const data = JSON.parse(await readFile(file, "utf8"));
    expect(data).toHaveLength(2);
    expect(data[0].conversations[0]).toEqual({ from: "human", value: "export two" });
    expect(data[0].conversations[1].from).toBe("gpt");
    expect(data[0].conversations[1].value).toContain('you wrote "export two"');

    await chat.delete("export one");
    await chat.delete("export two");
    await expect(chat.conversationItems).toHaveCount(0);

    await chat.importFile(file);
    await expect(page.getByTestId("import-ok")).toHaveText("Imported 2 conversations.");
    await expect(chat.conversationItems.getByTestId("conversation-open")).toHaveText(["export two", "export one"]);
    await chat.openConversation("export one");
    await expect(chat.userTexts).toHaveText(["export one"]);
    expect(await chat.answerText()).toContain('you wrote "export one"');
  });

  test("a bad import file shows what is wrong and imports nothing", async ({ chat, page }, testInfo) => {
    await chat.send("keep me");
    await chat.waitForAnswer();
    const bad = testInfo.outputPath("bad.json");
    await writeFile(
      bad,
      JSON.stringify([
        { id: "1", conversations: [{ from: "human", value: "fine" }] },
        {
          id: "2",
          conversations: [
            { from: "human", value: "a" },
            { from: "robot", value: "b" },
          ],
        },
      ]),
    );
    await chat.importFile(bad);
    await expect(page.getByTestId("import-error")).toHaveText(
      "Import failed: item 2: conversations[1].from must be human, gpt or system",
    );
    await expect(chat.conversationItems.getByTestId("conversation-open")).toHaveText(["keep me"]);

    await chat.importFile({ name: "x.json", mimeType: "application/json", buffer: Buffer.from("{not json") });
    await expect(page.getByTestId("import-error")).toContainText("Import failed: The file is not valid JSON");
    await expect(chat.conversationItems).toHaveCount(1);
  });
});

test.describe("chat on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("390×844: sidebar is a drawer, chat stays usable", async ({ chat, page }) => {
    await chat.goto();
    await chat.selectModel("fake:alpha");
    await expect(chat.sidebar).toBeHidden();
    await expect(chat.composer).toBeVisible();
    await chat.send("from my phone");
    expect(await chat.waitForAnswer()).toContain('you wrote "from my phone"');
    // Nothing overflows horizontally.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await page.getByTestId("sidebar-toggle").click();
    await expect(chat.sidebar).toBeVisible();
    await expect(chat.conversation("from my phone")).toBeVisible();
    await page.getByTestId("new-chat").click();
    await expect(chat.sidebar).toBeHidden();
    await expect(page.getByTestId("empty-state")).toBeVisible();
    await chat.openConversation("from my phone");
    await expect(chat.sidebar).toBeHidden();
    await expect(chat.userTexts).toHaveText(["from my phone"]);

    await chat.openSettings();
    await expect(page.getByTestId("system-prompt")).toBeVisible();
    await chat.closeSettings();
  });
});
