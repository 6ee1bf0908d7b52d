// What the browser tests share: where the repository and binary are, the flags Debian's
// chromium runs with here, and a tiny read-only static server on 127.0.0.1.
// (Not a test file: node --test runs only *.test.mjs.)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, "..", "..");

/** Debian's chromium, headless, with nothing reaching for the network. */
export const CHROMIUM = {
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8", ".png": "image/png", ".jpg": "image/jpeg",
};

/** The daylight binary: DAYLIGHT_BIN, else a debug build made now (quick when current). */
export function daylight() {
  if (process.env.DAYLIGHT_BIN) return process.env.DAYLIGHT_BIN;
  execFileSync("cargo", ["build", "--quiet"], { cwd: repo, stdio: "inherit" });
  return path.join(repo, "target", "debug", "daylight");
}

/** Serves `root` read-only on 127.0.0.1; paths that leave it get 404. */
export function serve(root) {
  return new Promise((resolve) => {
    const s = http.createServer((req, res) => {
      let rel;
      try {
        rel = decodeURIComponent(new URL(req.url, "http://127.0.0.1").pathname);
      } catch {
        res.writeHead(400).end();
        return;
      }
      let file = path.join(root, rel);
      if (!file.startsWith(root + path.sep) && file !== root) {
        res.writeHead(404).end();
        return;
      }
      if (rel.endsWith("/")) file = path.join(file, "index.html");
      fs.readFile(file, (err, body) => {
        if (err) {
          res.writeHead(404, { "content-type": "text/plain" }).end("not found");
          return;
        }
        res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
        res.end(body);
      });
    });
    s.listen(0, "127.0.0.1", () => resolve(s));
  });
}

/**
 * Builds a site into a temporary folder, serves it on 127.0.0.1 and launches chromium:
 * what most browser test files do before their first test. `root` is the site (the
 * example site unless given); `prepare(dir)` may write one into the folder first and
 * return its root. `close()` undoes all of it.
 */
export async function startSite({ prefix, root = repo, now = "2026-11-30T12:00:00Z", prepare } = {}) {
  const { chromium } = await import("playwright-core");
  const { mkdtempSync, rmSync } = fs;
  const work = mkdtempSync(path.join((await import("node:os")).tmpdir(), `daylight-${prefix}-`));
  const site = { work, out: path.join(work, "public") };
  try {
    const from = prepare ? prepare(work) : root;
    execFileSync(daylight(), ["build", "--quiet", "--root", from, "--output", site.out, "--now", now], { stdio: "inherit" });
    site.server = await serve(site.out);
    site.base = `http://127.0.0.1:${site.server.address().port}`;
    site.browser = await chromium.launch(CHROMIUM);
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
  site.close = async () => {
    if (site.browser) await site.browser.close();
    if (site.server) site.server.close();
    rmSync(work, { recursive: true, force: true });
  };
  return site;
}
