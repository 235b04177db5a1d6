import { expect, type Download, type Locator, type Page } from "@playwright/test";
import { pickModel } from "./model-picker";

/**
 * Page object for the chat at `/`. Generic over the model: pick it by its id
 * (option value, e.g. "fake:alpha", "transformers:tiny-chat") or visible name.
 */
export class ChatPage {
  constructor(readonly page: Page) {}

  get composer(): Locator {
    return this.page.getByTestId("composer");
  }
  get sendButton(): Locator {
    return this.page.getByTestId("send");
  }
  get stopButton(): Locator {
    return this.page.getByTestId("stop");
  }
  get modelPicker(): Locator {
    return this.page.getByTestId("model-picker");
  }
  get sidebar(): Locator {
    return this.page.getByTestId("sidebar");
  }
  get userMessages(): Locator {
    return this.page.getByTestId("message-user");
  }
  /** The text of each user message (without its action buttons). */
  get userTexts(): Locator {
    return this.userMessages.getByTestId("message-text");
  }
  get answers(): Locator {
    return this.page.getByTestId("message-assistant");
  }
  get lastAnswer(): Locator {
    return this.answers.last();
  }
  get title(): Locator {
    return this.page.getByTestId("chat-title");
  }
  get conversationItems(): Locator {
    return this.page.getByTestId("conversation-item");
  }

  async goto(path = "/") {
    await this.page.goto(path);
    await expect(this.page.getByTestId("chat-app")).toHaveAttribute("data-ready", "true");
  }

  /** A model's entry in the open picker, by id. */
  modelOption(id: string): Locator {
    return this.page.locator(`[data-testid="model-option"][data-model-id="${id}"]`);
  }

  /** Open the picker, search for the model by id or visible name, and pick it. */
  async selectModel(nameOrId: string) {
    await pickModel(this.page, "model-picker", nameOrId);
  }

  async send(text: string) {
    await this.composer.fill(text);
    await this.composer.press("Enter");
  }

  /** Wait until the last answer has finished (stop, length, abort or error) and return its text. */
  async waitForAnswer(timeout = 60_000): Promise<string> {
    await expect(this.lastAnswer).toHaveAttribute("data-finish", /^(stop|length|abort|error)$/, { timeout });
    await expect(this.stopButton).toBeHidden();
    return (await this.answerText(this.lastAnswer)).trim();
  }

  async answerText(answer: Locator = this.lastAnswer): Promise<string> {
    return answer.getByTestId("message-text").innerText();
  }

  /** Wait until the streaming answer shows at least `minChars` characters. */
  async waitForStreamingText(minChars = 1) {
    await expect(this.lastAnswer).toHaveAttribute("data-finish", "streaming");
    await expect.poll(async () => (await this.answerText()).length).toBeGreaterThanOrEqual(minChars);
  }

  async stop() {
    await this.stopButton.click();
  }

  async regenerate() {
    await this.lastAnswer.getByTestId("regenerate").click();
  }

  async editMessage(index: number, text: string) {
    const msg = this.userMessages.nth(index);
    await msg.getByTestId("edit-message").click();
    await msg.getByTestId("edit-input").fill(text);
    await msg.getByTestId("edit-save").click();
  }

  // Sidebar
  async openSidebarIfDrawer() {
    const toggle = this.page.getByTestId("sidebar-toggle");
    if (await toggle.isVisible()) await toggle.click();
    await expect(this.sidebar).toBeVisible();
  }
  async newChat() {
    await this.openSidebarIfDrawer();
    await this.page.getByTestId("new-chat").click();
  }
  async search(text: string) {
    await this.openSidebarIfDrawer();
    await this.page.getByTestId("search").fill(text);
  }
  conversation(title: string | RegExp): Locator {
    return this.conversationItems.filter({
      has: this.page.getByTestId("conversation-open").getByText(title, { exact: typeof title === "string" }),
    });
  }
  async openConversation(title: string | RegExp) {
    await this.openSidebarIfDrawer();
    await this.conversation(title).getByTestId("conversation-open").click();
  }
  async rename(title: string | RegExp, to: string) {
    await this.openSidebarIfDrawer();
    const item = this.conversation(title);
    await item.getByTestId("rename-conversation").click();
    // While renaming, the row shows an input instead of its title: only one row renames at a time.
    const input = this.page.getByTestId("rename-input");
    await input.fill(to);
    await input.press("Enter");
  }
  async delete(title: string | RegExp) {
    await this.openSidebarIfDrawer();
    await this.conversation(title).getByTestId("delete-conversation").click();
    await this.page.getByTestId("confirm-delete-button").click();
  }

  // Settings
  async openSettings() {
    await this.page.getByTestId("settings-toggle").click();
    await expect(this.page.getByTestId("settings-panel")).toBeVisible();
  }
  async closeSettings() {
    await this.page.getByTestId("settings-close").click();
    await expect(this.page.getByTestId("settings-panel")).toBeHidden();
  }
  async setSystemPrompt(text: string) {
    await this.page.getByTestId("system-prompt").fill(text);
  }
  async setParam(name: "temperature" | "top_p" | "max_tokens" | "seed", value: string) {
    await this.page.getByTestId(`param-${name}`).fill(value);
  }
  async addStopSequence(stop: string) {
    await this.page.getByTestId("stop-input").fill(stop);
    await this.page.getByTestId("stop-add").click();
  }

  // Export / import
  async exportAll(): Promise<Download> {
    await this.openSidebarIfDrawer();
    const [download] = await Promise.all([
      this.page.waitForEvent("download"),
      this.page.getByTestId("export-all").click(),
    ]);
    return download;
  }
  async exportMarkdown(): Promise<Download> {
    const [download] = await Promise.all([
      this.page.waitForEvent("download"),
      this.page.getByTestId("export-markdown").click(),
    ]);
    return download;
  }
  /** Image attach (vision models): the hidden file input, the draft's thumbnails and why a file was refused. */
  get attachButton(): Locator {
    return this.page.getByTestId("attach");
  }
  get attachments(): Locator {
    return this.page.getByTestId("attachment");
  }
  get attachError(): Locator {
    return this.page.getByTestId("attach-error");
  }
  async attachImage(file: { name: string; mimeType: string; buffer: Buffer }) {
    await this.page.getByTestId("attach-input").setInputFiles(file);
  }
  /** Drop a file on the composer, as a drag from the desktop does. */
  async dropImage(file: { name: string; mimeType: string; buffer: Buffer }) {
    const transfer = await this.page.evaluateHandle(
      ({ name, mimeType, b64 }) => {
        const dt = new DataTransfer();
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        dt.items.add(new File([bytes], name, { type: mimeType }));
        return dt;
      },
      { name: file.name, mimeType: file.mimeType, b64: file.buffer.toString("base64") },
    );
    await this.composer.dispatchEvent("drop", { dataTransfer: transfer });
  }
  /** The tool-call blocks of an answer. */
  toolCalls(answer: Locator = this.lastAnswer): Locator {
    return answer.getByTestId("tool-call");
  }

  async importFile(file: string | { name: string; mimeType: string; buffer: Buffer }) {
    await this.openSidebarIfDrawer();
    const [chooser] = await Promise.all([
      this.page.waitForEvent("filechooser"),
      this.page.getByTestId("import").click(),
    ]);
    await chooser.setFiles(file);
  }
}
