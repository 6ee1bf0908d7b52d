// Writes the README's screenshots of the default theme into docs/screenshots/: home, a
// post, an incident, the actions tracker, statistics, the plan and the status page, at
// 375 and 1280 CSS pixels, light and dark. Each is the first screen of the page, drawn at
// half scale so the set stays small enough to commit.
//
//     node tests/browser/screenshots.mjs        (after npm ci in tests/browser)
//
// Not a test (node --test runs only *.test.mjs); run it when the theme's look changes.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import zlib from "node:zlib";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, daylight, repo, serve } from "./support.mjs";

// Name, URL, and on pages whose point is below their introduction, what to scroll to.
const PAGES = [
  ["home", "/"],
  ["post", "/blog/2024-02-accessible-forms/"],
  ["incident", "/incidents/2024-03-payments/"],
  ["actions", "/incidents/actions/", ".actions-summary"],
  ["statistics", "/incidents/statistics/", "#chart-block-quarters"],
  ["plan", "/plan/digital-roadmap-2024-2027/"],
  ["status", "/status/"],
];
const SIZES = [[1280, 900], [375, 812]];
const into = path.join(repo, "docs", "screenshots");

/** RGBA pixels as an indexed PNG of at most 256 colours: the most used colours (at
 * 5 bits a channel) and every other pixel mapped to the nearest of them. A page of text
 * is mostly a few colours and their anti-aliased blends, so it loses little. */
function indexedPng(width, height, rgba) {
  const key = (i) => ((rgba[i] >> 3) << 10) | ((rgba[i + 1] >> 3) << 5) | (rgba[i + 2] >> 3);
  const counts = new Map();
  for (let i = 0; i < rgba.length; i += 4) counts.set(key(i), (counts.get(key(i)) || 0) + 1);
  const palette = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 256).map(([k]) =>
    [((k >> 10) & 31) * 8 + 4, ((k >> 5) & 31) * 8 + 4, (k & 31) * 8 + 4]);
  const nearest = new Map();
  const indexOf = (k) => {
    if (!nearest.has(k)) {
      const c = [((k >> 10) & 31) * 8 + 4, ((k >> 5) & 31) * 8 + 4, (k & 31) * 8 + 4];
      let best = 0, bestD = Infinity;
      palette.forEach((p, n) => {
        const d = (p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2 + (p[2] - c[2]) ** 2;
        if (d < bestD) { best = n; bestD = d; }
      });
      nearest.set(k, best);
    }
    return nearest.get(k);
  };
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0;
    for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = indexOf(key((y * width + x) * 4));
  }
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, "ascii");
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 3, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr),
    chunk("PLTE", Buffer.from(palette.flat())), chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0))]);
}

/** The pixels of a PNG, decoded by the browser. */
async function pixels(page, png) {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = new OffscreenCanvas(img.width, img.height);
    const ctx = canvas.getContext("2d");
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, img.width, img.height).data;
    let s = "";
    for (let i = 0; i < data.length; i += 8192) s += String.fromCharCode(...data.subarray(i, i + 8192));
    return { width: img.width, height: img.height, b64: btoa(s) };
  }, png.toString("base64"));
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "daylight-shots-"));
const out = path.join(work, "public");
execFileSync(daylight(), ["build", "--quiet", "--root", repo, "--output", out,
  "--now", "2026-11-30T12:00:00Z"], { stdio: "inherit" });
const server = await serve(out);
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch(CHROMIUM);
fs.mkdirSync(into, { recursive: true });
let bytes = 0;
try {
  for (const scheme of ["light", "dark"]) {
    for (const [width, height] of SIZES) {
      const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height }, deviceScaleFactor: 0.5 });
      const page = await context.newPage();
      const decoder = await context.newPage();
      for (const [name, url, below] of PAGES) {
        await page.goto(`${base}${url}`, { waitUntil: "networkidle" });
        if (below) await page.locator(below).evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 16));
        const file = path.join(into, `${name}-${width}-${scheme}.png`);
        const shot = await pixels(decoder, await page.screenshot());
        fs.writeFileSync(file, indexedPng(shot.width, shot.height, Buffer.from(shot.b64, "base64")));
        bytes += fs.statSync(file).size;
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
  fs.rmSync(work, { recursive: true, force: true });
}
console.log(`${PAGES.length * SIZES.length * 2} screenshots, ${Math.round(bytes / 1024)} KB, in ${path.relative(repo, into)}/`);
