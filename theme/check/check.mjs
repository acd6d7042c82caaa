// Opens the built sites in Debian's Chromium, takes screenshots of each kind of page at phone and
// desktop widths in both colour schemes, and runs axe-core on each. Exits non-zero on any serious
// or critical accessibility violation, or on a request to a host other than the local server.
//
//   node check.mjs OUT_DIR NAME=DIR [NAME=DIR ...]
import { createServer } from "node:http";
import { readFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".svg": "image/svg+xml", ".xml": "application/xml", ".png": "image/png", ".jpg": "image/jpeg" };

const [outDir, ...siteArgs] = process.argv.slice(2);
const sites = siteArgs.map((arg) => { const [name, dir] = arg.split("="); return { name, dir }; });

function serve(root) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    let file = join(root, path);
    if (path.endsWith("/")) file = join(file, "index.html");
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/html; charset=utf-8" });
      res.end(await readFile(join(root, "404.html")).catch(() => "not found"));
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// Which pages to look at: the home page, a post, a list and the 404 page of each site; for a
// site in several languages, also the home page and a post of each other language.
async function pagesOf(name, base) {
  const pages = { home: "/", notfound: "/404.html" };
  const locsOf = async (url) => {
    const xml = await fetch(url).then((r) => r.text());
    return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1], base).pathname);
  };
  let sitemaps = [base + "/sitemap.xml"];
  const first = await fetch(sitemaps[0]).then((r) => r.text());
  if (first.includes("<sitemapindex")) sitemaps = (await locsOf(sitemaps[0])).map((p) => base + p);
  const postOf = (locs) => locs.find((p) => /\/(blog|posts|\d{4})\//.test(p) && p.split("/").length > 3) ?? locs[1];
  const locs = await locsOf(sitemaps[0]);
  pages.post = postOf(locs);
  pages.list = locs.find((p) => /^\/(\w+\/)?(tags|categories)\/[^/]+\/$/.test(p)) ?? "/";
  // A book's page, when the site has one (the example's handbook).
  const book = locs.find((p) => /^\/(handbook|docs|book)\/[^/]+\/[^/]+\/$/.test(p));
  if (book) pages.book = book;
  for (const other of sitemaps.slice(1)) {
    const lang = new URL(other).pathname.split("/")[1];
    const theirs = await locsOf(other);
    pages[`home-${lang}`] = `/${lang}/`;
    pages[`post-${lang}`] = postOf(theirs);
  }
  return pages;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
await mkdir(outDir, { recursive: true });
let failures = 0;
for (const site of sites) {
  const server = await serve(site.dir);
  const base = `http://127.0.0.1:${server.address().port}`;
  const pages = await pagesOf(site.name, base);
  for (const scheme of ["light", "dark"]) {
    for (const width of [390, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
      const page = await context.newPage();
      let outside = [];
      page.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:")) outside.push(r.url()); });
      for (const [kind, path] of Object.entries(pages)) {
        outside = [];
        await page.goto(base + path, { waitUntil: "load" });
        // A request elsewhere is allowed only when the page's own content names the address
        // (the seeds embed images from other hosts); the theme itself must never make one.
        const html = await page.content();
        const foreign = outside.filter((u) => !html.includes(u.replace(/&/g, "&amp;")) && !html.includes(u));
        if (foreign.length) { failures++; console.log(`${site.name} ${path}: requests to other hosts: ${foreign.join(", ")}`); }
        const shot = join(outDir, `${site.name}-${kind}-${width}-${scheme}.png`);
        await page.screenshot({ path: shot, fullPage: false });
        await page.addScriptTag({ content: AXE });
        const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
        for (const v of result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
          failures++;
          console.log(`${site.name} ${path} (${width}px, ${scheme}): ${v.impact} ${v.id}: ${v.help}`);
          for (const node of v.nodes.slice(0, 3)) console.log(`    ${node.target.join(" ")}`);
        }
      }
      await context.close();
    }
  }
  server.close();
}
await browser.close();
console.log(failures === 0 ? "theme check: no serious or critical violations" : `theme check: ${failures} problems`);
process.exit(failures === 0 ? 0 : 1);
