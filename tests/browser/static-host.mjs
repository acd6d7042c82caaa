// A plain static host for a built site, as GitHub Pages serves one: the site lives under
// basePath ("/" or "/blog/"), a folder answers with its index.html, anything else is 404.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css",
  ".json": "application/json", ".bin": "application/octet-stream", ".xml": "application/xml",
  ".svg": "image/svg+xml", ".png": "image/png" };

// Resolves to the listening server; its port is server.address().port.
export async function serveStatic(publicDir, basePath = "/") {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!path.startsWith(basePath)) { res.writeHead(404); res.end(); return; }
    let file = normalize(join(publicDir, path.slice(basePath.length)));
    if (!file.startsWith(normalize(publicDir))) { res.writeHead(403); res.end(); return; }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404); res.end();
    }
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  return server;
}
