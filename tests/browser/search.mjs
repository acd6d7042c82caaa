// The built-in search in a real browser, on a built site served under a sub-path: typing an
// English word (in another form than the page's) and a Chinese word found only inside running
// text shows the right pages; nonsense shows nothing; the keyboard reaches everything; axe finds
// no serious violation in the open search; and what a one-word query fetched is counted.
//
//   node search.mjs PUBLIC_DIR BASE_PATH   (BASE_PATH like /blog/)
import { readFile } from "node:fs/promises";
import { serveStatic } from "./static-host.mjs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const [publicDir, basePath] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
const step = (what) => console.log(`- ${what}`);
// A static host: the site lives under BASE_PATH, as on a project's GitHub Pages.
const server = await serveStatic(publicDir, basePath);
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const fetched = [];
  page.on("response", async (r) => {
    if (r.url().includes("/search-index/")) {
      const body = await r.body().catch(() => Buffer.alloc(0));
      fetched.push({ url: r.url(), bytes: body.length });
    }
  });
  const otherHosts = [];
  page.on("request", (r) => { if (!r.url().startsWith(origin)) otherHosts.push(r.url()); });
  await page.goto(`${origin}${basePath}`, { waitUntil: "load" });

  // The search box is there once script runs, and `/` focuses it.
  const input = page.locator("#search-input");
  await input.waitFor({ state: "visible" });
  await page.keyboard.press("/");
  if (!(await input.evaluate((el) => el === document.activeElement))) throw new Error("`/` did not focus the search box");
  step("the search box shows and `/` focuses it");

  async function results(query) {
    await input.fill("");
    await input.fill(query);
    await page.waitForFunction(
      (q) => {
        const status = document.querySelector(".search-status");
        const list = document.querySelector(".search-list");
        return status && status.textContent.trim() !== "" && (list.children.length > 0 || /“/.test(status.textContent) || status.textContent.includes(q));
      },
      query,
      { timeout: 10000 },
    );
    await page.waitForTimeout(150);
    return page.$$eval(".search-list a", (links) => links.map((a) => ({
      href: a.getAttribute("href"),
      title: a.querySelector(".search-title").textContent,
      marks: Array.from(a.querySelectorAll("mark")).map((m) => m.textContent),
    })));
  }

  fetched.length = 0;
  // "replant" is not in the page: "replanting" is; both stem to "replant".
  const english = await results("replant");
  if (english.length !== 1 || !english[0].href.startsWith(`${basePath}posts/garden/`)) {
    throw new Error(`"replant" found ${JSON.stringify(english)}`);
  }
  if (!english[0].marks.some((m) => m.toLowerCase() === "replanting")) throw new Error(`"replanting" is not highlighted: ${JSON.stringify(english[0])}`);
  const oneWordBytes = fetched.reduce((n, f) => n + f.bytes, 0);
  step(`English: "replant" finds the page saying "replanting", highlighted (fetched ${fetched.length} files, ${oneWordBytes} bytes)`);

  const stemmed = await results("watered");
  if (!stemmed.some((r) => r.href === `${basePath}posts/garden/#watering`)) {
    throw new Error(`"watered" should link to the Watering heading: ${JSON.stringify(stemmed)}`);
  }
  step(`"watered" finds the page, linked at its "Watering" heading`);

  // 杭州 appears only inside a sentence with no spaces.
  const chinese = await results("杭州");
  if (chinese.length !== 1 || !chinese[0].href.startsWith(`${basePath}posts/zh-notes/`)) {
    throw new Error(`"杭州" found ${JSON.stringify(chinese)}`);
  }
  if (!chinese[0].marks.includes("杭州")) throw new Error(`"杭州" is not highlighted: ${JSON.stringify(chinese[0])}`);
  const longer = await results("网站生成器");
  if (longer.length !== 1) throw new Error(`"网站生成器" found ${JSON.stringify(longer)}`);
  step(`Chinese: "杭州" and "网站生成器", inside running text, find the page`);

  const nothing = await results("xqzvbnmw");
  if (nothing.length !== 0) throw new Error(`nonsense found ${JSON.stringify(nothing)}`);
  const said = await page.locator(".search-status").innerText();
  if (!said.includes("xqzvbnmw")) throw new Error(`no "nothing found" message: ${said}`);
  step(`nonsense finds nothing and says so: ${said}`);

  const hedgehogs = await results("hedgehogs");
  if (hedgehogs.length !== 1) throw new Error(`drafts or search: false pages were indexed: ${JSON.stringify(hedgehogs)}`);
  step("a draft and a `search: false` page are not found");

  // Keyboard: down arrow to the first result, Enter opens it.
  await results("sourdough");
  await page.keyboard.press("ArrowDown");
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.getAttribute("href"));
  if (!focused || !focused.startsWith(`${basePath}posts/bread/`)) throw new Error(`ArrowDown focused ${focused}`);

  // axe on the page with the results open, in both colour schemes.
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate(axeSource);
    const found = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ["violations"] });
      return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    });
    if (found.length) throw new Error(`axe (${scheme}): ${found.join("; ")}`);
  }
  step("axe: no serious or critical violations with the results open, light and dark");

  await page.keyboard.press("Enter");
  await page.waitForURL(`**${basePath}posts/bread/**`, { timeout: 5000 });
  step("Enter on a result opens its page");

  if (otherHosts.length) throw new Error(`requests to other hosts: ${otherHosts.join(", ")}`);
  if (errors.length) throw new Error(`script errors: ${errors.join("; ")}`);
  console.log("search in chromium: ok");
} finally {
  await browser.close();
  server.close();
}
