import { expect, type Page } from "@playwright/test";

/** Pick a model in the searchable picker `testId` (components/model-picker.tsx) by its id or visible name. */
export async function pickModel(page: Page, testId: string, nameOrId: string): Promise<void> {
  const button = page.getByTestId(testId);
  await expect(button).toBeEnabled();
  if ((await button.getAttribute("aria-expanded")) !== "true") await button.click();
  await page.getByTestId(`${testId}-search`).fill(nameOrId);
  const list = page.locator(`#${testId}-list`);
  await list
    .locator(`[data-testid="model-option"][data-model-id="${nameOrId}"]`)
    .or(list.getByRole("option").filter({ hasText: nameOrId }))
    .first()
    .click();
  await expect(button).toHaveAttribute("aria-expanded", "false");
}
