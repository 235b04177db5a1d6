import type { ChatMessage } from "../lib/chat-protocol/types";
import { expectedGreedyReply } from "../lib/engines/transformers/node-model";
import { expect, test } from "./fixtures";

// The chat at `/` on the REAL in-browser engine: the tiny transformers.js model in its Web Worker
// (WebGPU on SwiftShader in the `webgpu` project, WASM in the `wasm` project), real IndexedDB.
// Every answer must equal what the same generate-core computes in Node for the exact request
// the chat sends (system prompt + history, see lib/chat/generate.ts buildRequest).
test.use({ fakeEngine: false });

const SYSTEM = "You are a terse assistant.";
const TURN1 = "Tell me about the river.";
const TURN2 = "And the green model?";
const TURN3 = "Now tell me a long story.";
const SHORT = 12; // tokens per checked answer: keeps SwiftShader under a few seconds per turn
const LONG = 300; // tokens for the answer that is stopped (prompt + LONG fits the 512-token window)

test("tiny model: two exact greedy turns with a system prompt, stop keeps a prefix, reload keeps it all @wasm", async ({
  chat,
  page,
}, info) => {
  const history: ChatMessage[] = [{ role: "system", content: SYSTEM }];

  await chat.goto();
  await chat.selectModel("transformers:tiny-chat");
  await expect(chat.modelPicker).toHaveText(/Tiny Chat \(test model\)/);
  await chat.openSettings();
  await chat.setSystemPrompt(SYSTEM);
  await chat.setParam("temperature", "0");
  await chat.setParam("max_tokens", String(SHORT));
  await chat.closeSettings();

  const answers: string[] = [];
  for (const prompt of [TURN1, TURN2]) {
    history.push({ role: "user", content: prompt });
    const want = await expectedGreedyReply(history, { max_tokens: SHORT });
    expect(want.text.trim().length).toBeGreaterThan(10);
    await chat.send(prompt);
    // The first turn loads the model in its worker (progress, then streaming).
    const got = await chat.waitForAnswer(120_000);
    await expect(chat.lastAnswer).toHaveAttribute("data-finish", want.finishReason ?? "stop");
    expect(got).toBe(want.text.trim());
    await expect(chat.lastAnswer.getByTestId("message-stats")).toContainText(`${want.completionTokens} tokens`);
    // What the next turn sends is the stored answer, exactly as streamed.
    history.push({ role: "assistant", content: want.text });
    answers.push(got);
  }
  await expect(chat.userTexts).toHaveText([TURN1, TURN2]);

  // Stop mid-stream: a long answer, stopped as soon as text shows; what stays is a prefix of the greedy text.
  history.push({ role: "user", content: TURN3 });
  const full = await expectedGreedyReply(history, { max_tokens: LONG });
  expect(full.completionTokens).toBeGreaterThan(100);
  await chat.openSettings();
  await chat.setParam("max_tokens", String(LONG));
  await chat.closeSettings();
  const wasm = info.project.name === "wasm";
  if (wasm) {
    // WASM decodes the tiny model at hundreds of tokens/s: the whole answer is out in well under a second,
    // too fast for a Playwright click round trip (even with the CPU throttled 4×, a click after the first
    // text landed after the last token in 1 of 6 runs). So the page clicks Stop itself (the real button,
    // through React) the moment the first text of the answer renders.
    await page.evaluate(() => {
      const observer = new MutationObserver(() => {
        const answer = [...document.querySelectorAll('[data-testid="message-assistant"]')].at(-1);
        const text = answer?.querySelector('[data-testid="message-text"]')?.textContent?.trim() ?? "";
        if (answer?.getAttribute("data-finish") !== "streaming" || !text || text === "●") return;
        observer.disconnect();
        document.querySelector<HTMLElement>('[data-testid="stop"]')?.click();
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
  }
  await chat.send(TURN3);
  if (!wasm) {
    await chat.waitForStreamingText(1);
    await chat.stop();
  }
  const partial = await chat.waitForAnswer();
  await expect(chat.lastAnswer).toHaveAttribute("data-finish", "abort");
  await expect(chat.lastAnswer.getByTestId("stopped-badge")).toBeVisible();
  expect(partial.length).toBeGreaterThan(0);
  expect(partial.length).toBeLessThan(full.text.trim().length);
  expect(full.text.trim().startsWith(partial)).toBe(true);
  await page.waitForTimeout(300); // nothing arrives after stop
  expect((await chat.answerText()).trim()).toBe(partial);

  await page.reload();
  await expect(chat.userTexts).toHaveText([TURN1, TURN2, TURN3]);
  await expect(chat.answers).toHaveCount(3);
  for (let i = 0; i < 2; i++) expect((await chat.answerText(chat.answers.nth(i))).trim()).toBe(answers[i]);
  await expect(chat.lastAnswer).toHaveAttribute("data-finish", "abort");
  expect((await chat.answerText()).trim()).toBe(partial);
  await expect(chat.modelPicker).toHaveAttribute("data-value", "transformers:tiny-chat");
  await chat.openSettings();
  await expect(page.getByTestId("system-prompt")).toHaveValue(SYSTEM);
  await expect(page.getByTestId("param-temperature")).toHaveValue("0");
});
