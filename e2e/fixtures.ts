import { test as base, expect } from "@playwright/test";
import { ChatPage } from "./pages/chat";

/**
 * `chat`: the chat page object. `fakeEngine` (default on) makes the deterministic
 * fake models (fake:alpha, fake:beta) available before any page script runs;
 * real-model journeys set `test.use({ fakeEngine: false })`.
 */
export const test = base.extend<{ fakeEngine: boolean; chat: ChatPage }>({
  fakeEngine: [true, { option: true }],
  chat: async ({ page, fakeEngine }, use) => {
    if (fakeEngine) await page.addInitScript(() => localStorage.setItem("joust:fake-engine", "1"));
    await use(new ChatPage(page));
  },
});

export { expect };
