// `daylight serve` in a real browser: an open tab shows an edit by itself, shows the
// error overlay when the page is broken, and clears it when it is fixed.
// Runs Debian's chromium through playwright-core; no request may leave 127.0.0.1.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, repo } from "./support.mjs";

const bin = process.env.DAYLIGHT_BIN || path.join(repo, "target", "debug", "daylight");

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function waitForServer(url, ms = 30000) {
  const start = Date.now();
  while (Date.now() - start < ms) {
    try { const r = await fetch(url); if (r.status === 200) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server at ${url} did not start`);
}

test("an open tab follows edits, shows the error overlay, and clears it", async () => {
  const site = fs.mkdtempSync(path.join(os.tmpdir(), "daylight-serve-"));
  // The example site: everything it is made of, not the repository around it.
  for (const part of ["content", "static", "data", "site.yaml", "accessibility.yaml"]) {
    fs.cpSync(path.join(repo, part), path.join(site, part), { recursive: true });
  }
  const port = await freePort();
  const server = spawn(bin, ["serve", "--port", String(port), "--root", site], { stdio: "ignore" });
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch(CHROMIUM);
  try {
    await waitForServer(`${base}/about/`);
    const page = await browser.newPage();
    const outside = [];
    page.on("request", (r) => { if (!r.url().startsWith(base)) outside.push(r.url()); });
    await page.goto(`${base}/about/`);
    const file = path.join(site, "content", "about.md");
    const original = fs.readFileSync(file, "utf8");

    fs.writeFileSync(file, original + "\n\nA sentence added while the tab was open.\n");
    await page.waitForFunction(() => document.body.innerText.includes("A sentence added while the tab was open."), null, { timeout: 10000 });

    fs.writeFileSync(file, original.replace(/^title:/m, "titel:"));
    await page.waitForSelector("#daylight-error", { state: "visible", timeout: 10000 });
    const overlay = await page.textContent("#daylight-error");
    assert.match(overlay, /content\/about\.md:\d+:1: error: unknown key `titel`/);
    assert.match(overlay, /did you mean `title`\?/);

    fs.writeFileSync(file, original + "\n\nFixed, and edited again.\n");
    await page.waitForFunction(() => document.body.innerText.includes("Fixed, and edited again."), null, { timeout: 10000 });
    assert.equal(await page.$("#daylight-error"), null, "the overlay should be gone");

    assert.deepEqual(outside, [], "requests left 127.0.0.1");
  } finally {
    await browser.close();
    server.kill("SIGINT");
    fs.rmSync(site, { recursive: true, force: true });
  }
});
