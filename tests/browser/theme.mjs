// The built-in theme's scripts in a real browser, on the example site: a book's chapter list
// behind its button on a phone and its pages read in order; the copy button of a code block;
// the image viewer; the phone menu with its sub-menu; back to top.
//
//   node theme.mjs PUBLIC_DIR
import { serveStatic } from "./static-host.mjs";
import { chromium } from "playwright-core";

const [publicDir] = process.argv.slice(2);
const step = (what) => console.log(`- ${what}`);
const server = await serveStatic(publicDir);
// localhost is a secure context, so the clipboard API is there as on a real site.
const origin = `http://localhost:${server.address().port}`;

function check(ok, what) {
  if (!ok) throw new Error(`failed: ${what}`);
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  const errors = [];
  const phone = await browser.newContext({ viewport: { width: 390, height: 800 }, hasTouch: true });
  const page = await phone.newPage();
  page.on("pageerror", (e) => errors.push(e.message));

  // A book on a phone: the tree is folded behind "Contents", opens, and its links work.
  await page.goto(`${origin}/handbook/install/`);
  const toggle = page.locator(".book-toggle");
  await toggle.waitFor({ state: "visible" });
  check(!(await page.locator(".book-tree").isVisible()), "the chapter list starts folded on a phone");
  await toggle.click();
  check((await toggle.getAttribute("aria-expanded")) === "true", "the button says it is open");
  const pictures = page.locator(".book-tree a", { hasText: "Pictures" });
  await pictures.waitFor({ state: "visible" });
  await pictures.click();
  await page.waitForURL(`${origin}/handbook/writing/pictures/`);
  step("a book's chapter list opens behind its button at 390 px and leads to a chapter");

  // Reading on: rel=next goes to the next page in the book's order, across chapters.
  await page.locator(".book-pager a[rel=next]").click();
  await page.waitForURL(`${origin}/handbook/publishing/`);
  await page.locator(".book-pager a[rel=prev]").click();
  await page.waitForURL(`${origin}/handbook/writing/pictures/`);
  check((await page.locator(".book-tree a[aria-current=page]").textContent()).trim() === "Pictures",
    "the page being read is marked in the tree");
  step("next and previous follow the reading order across chapters");

  // The image viewer: a content image opens in a dialog, Escape closes it, focus comes back.
  const img = page.locator(".prose img").first();
  await img.click();
  const dialog = page.locator("dialog.lightbox");
  await dialog.waitFor({ state: "visible" });
  check(await dialog.evaluate((d) => d.open), "the dialog is open");
  check((await dialog.locator("img").getAttribute("src")).endsWith("header.svg"), "it shows the image");
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });
  check(await img.evaluate((el) => document.activeElement === el), "focus returns to the image");
  await img.focus();
  await page.keyboard.press("Enter");
  await dialog.waitFor({ state: "visible" });
  await page.locator("dialog.lightbox button").click();
  await dialog.waitFor({ state: "hidden" });
  step("a content image opens full size by click or Enter and closes with Escape or its button");

  // The phone menu: a button shows the menu, with the sub-menu's entry listed and usable.
  await page.goto(`${origin}/`);
  const menu = page.locator(".menu-toggle");
  await menu.waitFor({ state: "visible" });
  const start = page.locator(".site-nav a", { hasText: "Start here" });
  check(!(await start.isVisible()), "the menu starts closed");
  await menu.click();
  check((await menu.getAttribute("aria-expanded")) === "true", "the menu button says it is open");
  await start.waitFor({ state: "visible" });
  await start.click();
  await page.waitForURL(`${origin}/notes/start-here/`);
  step("the phone menu opens and a sub-menu entry is reachable");
  await phone.close();

  // A code block: its language is shown and the copy button copies the code alone.
  const wide = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await wide.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  const desk = await wide.newPage();
  desk.on("pageerror", (e) => errors.push(e.message));
  await desk.goto(`${origin}/handbook/install/`);
  check(await desk.locator(".book-tree").isVisible(), "the chapter list is open on a wide screen");
  // A chapter marked bookCollapseSection starts folded; its button unfolds it.
  const deploy = desk.locator(".book-tree a", { hasText: "Deploy" });
  check(!(await deploy.isVisible()), "a collapsed chapter starts folded");
  const fold = desk.locator(".book-fold[aria-label=Publishing]");
  check((await fold.getAttribute("aria-expanded")) === "false", "its button says it is folded");
  await fold.click();
  await deploy.waitFor({ state: "visible" });
  step("a folded chapter opens with its button");
  const blocks = desk.locator(".code-block");
  await blocks.first().waitFor();
  const label = await blocks.first().locator("pre").evaluate((pre) => getComputedStyle(pre, "::before").content);
  check(label === '"sh"', `the language is shown: ${label}`);
  const copy = blocks.nth(1).locator(".code-copy");
  await copy.focus();
  await desk.keyboard.press("Enter");
  await desk.waitForFunction(() => document.querySelectorAll(".code-copy")[1].textContent === "Copied");
  const copied = await desk.evaluate(() => navigator.clipboard.readText());
  check(copied === "inkstone version\ninkstone build -s examples/blog\n", `the copied code: ${JSON.stringify(copied)}`);
  step("the copy button, pressed from the keyboard, copies the code without its line numbers");

  // Back to top appears once the reader is down the page, and takes them up.
  await desk.goto(`${origin}/2024/02/a-tour-of-code-blocks/`);
  const up = desk.locator(".to-top");
  check(!(await up.isVisible()), "no button at the top");
  await desk.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await up.waitFor({ state: "visible" });
  await up.click();
  await desk.waitForFunction(() => window.scrollY === 0);
  step("back to top shows down the page and goes up");
  await wide.close();

  check(errors.length === 0, `no script errors: ${errors.join("; ")}`);
  console.log("theme in chromium: ok");
} finally {
  await browser.close();
  server.close();
}
