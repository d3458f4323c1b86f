// Narrow screens (375 px, a small phone): the sidebar becomes a menu with its
// own close button, list and thread take turns, one search box per page,
// nothing wider than the screen. Screenshots of each for a person to look at.
import assert from "node:assert/strict";

const WIDTH = 375;

/** The page is no wider than the screen. */
async function assertFits(page, what) {
  const width = await page.evaluate(() => globalThis.document.documentElement.scrollWidth);
  assert.ok(width <= WIDTH, `${what} is ${width} px wide on a ${WIDTH} px screen`);
}

/** Text width of the input's placeholder and the room its box gives it, in px. */
function placeholderFit(input) {
  return input.evaluate((el) => {
    const style = globalThis.getComputedStyle(el);
    const ctx = globalThis.document.createElement("canvas").getContext("2d");
    ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return { placeholder: el.placeholder, text: ctx.measureText(el.placeholder).width, room };
  });
}

/** From an open thread (`row` is its conversation's row in the list), through the list, the menu and the dashboard. */
export async function narrowScreens(page, { row, shots }) {
  await page.setViewportSize({ width: WIDTH, height: 812 });
  await page.getByRole("button", { name: "Open navigation" }).waitFor();
  await assertFits(page, "the thread");
  await page.screenshot({ path: `${shots}conversations-mobile.png`, fullPage: true });

  await page.getByRole("link", { name: "Back to conversations" }).click();
  await row.waitFor();
  await page.getByRole("searchbox", { name: "Search conversations" }).waitFor();
  assert.equal(await page.locator('input[type="search"]:visible').count(), 1, "one search box above the conversation list");
  await assertFits(page, "the conversation list");
  await page.screenshot({ path: `${shots}conversations-list-mobile.png`, fullPage: true });

  await page.getByRole("button", { name: "Open navigation" }).click();
  const menu = page.getByRole("dialog", { name: "Navigation" });
  await menu.waitFor();
  const close = menu.getByRole("button", { name: "Close navigation" });
  assert.ok(await close.isVisible(), "the menu shows a close button");
  await page.waitForTimeout(300); // let it finish sliding in before the picture
  await page.screenshot({ path: `${shots}navigation-mobile.png` });
  await close.click();
  await menu.waitFor({ state: "hidden" });

  await page.getByRole("button", { name: "Open navigation" }).click();
  await page.getByRole("dialog").getByRole("link", { name: "Dashboard" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  const search = page.getByRole("combobox", { name: "Search contacts and messages" });
  const fit = await placeholderFit(search);
  assert.ok(fit.text <= fit.room, `the search placeholder "${fit.placeholder}" needs ${fit.text} px, has ${fit.room}`);
  await assertFits(page, "the dashboard");
  await page.screenshot({ path: `${shots}dashboard-mobile.png`, fullPage: true });
}
