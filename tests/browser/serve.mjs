// `inkstone serve` in a real browser: a page being read updates itself when its Markdown is
// saved, at the same scroll position; a broken file shows an overlay with the error until it is
// fixed; a stylesheet change is swapped in without reloading the page.
//
//   node serve.mjs PAGE_URL SITE_DIR POST_FILE (relative to SITE_DIR)
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { chromium } from "playwright-core";

const [pageUrl, siteDir, postRel] = process.argv.slice(2);
const post = join(siteDir, postRel);
const original = await readFile(post, "utf8");
const step = (what) => console.log(`- ${what}`);

// Chromium's own background traffic is refused on a closed network; these flags keep it quiet.
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 500 } });
  page.on("pageerror", (e) => { throw new Error(`script error on the page: ${e.message}`); });
  await page.goto(pageUrl, { waitUntil: "load" });
  // Wait for the live-reload socket to be open before changing anything.
  await page.waitForFunction(() => performance.getEntriesByType("resource").some((e) => e.name.includes("/__inkstone/live.js")));
  await page.waitForTimeout(300);

  await page.evaluate(() => window.scrollTo(0, 400));
  const scrolled = await page.evaluate(() => window.scrollY);
  if (scrolled < 300) throw new Error(`the page is too short to scroll (scrollY ${scrolled})`);

  // Edit the text, as an editor saving the file would.
  const marker = "Edited while the page was open";
  await writeFile(post, original.replace("Fenced code", marker));
  await page.waitForFunction((m) => document.body.innerText.includes(m), marker, { timeout: 10000 });
  await page.waitForLoadState("load");
  await page.waitForTimeout(200);
  const after = await page.evaluate(() => window.scrollY);
  if (Math.abs(after - scrolled) > 2) throw new Error(`scroll position moved from ${scrolled} to ${after}`);
  step(`saved edit shown without a manual reload, scroll kept at ${after}px`);

  // Break the front matter: the overlay names the file and line; the page stays readable.
  await writeFile(post, original.replace("title:", "title: [never closed"));
  const overlay = page.locator("#inkstone-build-errors");
  await overlay.waitFor({ state: "visible", timeout: 10000 });
  const overlayText = await overlay.innerText();
  if (!overlayText.includes(postRel.split("/").pop()) || !/:\d+:\d+/.test(overlayText)) {
    throw new Error(`the overlay does not name the file and line:\n${overlayText}`);
  }
  if ((await overlay.getAttribute("role")) !== "alert") throw new Error("the overlay is not an alert");
  step("broken front matter shown as an overlay naming the file and line");

  // Fix it: the overlay goes, the fixed text shows.
  const fixed = "Fixed and shown again";
  await writeFile(post, original.replace("Fenced code", fixed));
  await page.waitForFunction((m) => document.body.innerText.includes(m), fixed, { timeout: 10000 });
  await overlay.waitFor({ state: "detached", timeout: 10000 });
  step("fixing the file removed the overlay and showed the page");

  // A stylesheet change is swapped in place: the page is not reloaded.
  await page.evaluate(() => { window.__notReloaded = true; });
  const css = join(siteDir, "static/assets/inkstone.css");
  await mkdir(dirname(css), { recursive: true });
  await writeFile(css, "body { background: rgb(1, 2, 3) !important; }\n");
  await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor === "rgb(1, 2, 3)", null, { timeout: 10000 });
  if (!(await page.evaluate(() => window.__notReloaded === true))) throw new Error("the page reloaded for a CSS change");
  step("stylesheet swapped without a reload");
} finally {
  await writeFile(post, original);
  await browser.close();
}
console.log("serve in chromium: ok");
