// The search page of the example site in a real browser: typing a query lists the
// matching pages as you type, the count is announced, the arrow keys reach the results,
// and without JavaScript the page offers the sections and tags instead. The built site
// is served from a temporary folder by a tiny node:http server on 127.0.0.1; Debian's
// chromium runs through playwright-core, and no request may leave 127.0.0.1.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, daylight, here, repo, serve } from "./support.mjs";


let work, server, base, browser;

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "daylight-search-"));
  const out = path.join(work, "public");
  execFileSync(daylight(), ["build", "--quiet", "--root", repo, "--output", out], { stdio: "inherit" });
  server = await serve(out);
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch(CHROMIUM);
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** A new page that records every request that is not to the local server. */
async function open(context) {
  const page = await context.newPage();
  const outside = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(`${base}/`)) outside.push(r.url());
  });
  return { page, outside };
}

test("typing on the search page lists the matching pages, with the count announced", async () => {
  const context = await browser.newContext();
  const { page, outside } = await open(context);
  try {
    await page.goto(`${base}/search/`);
    const input = page.locator("#search-input");
    await input.waitFor({ state: "visible" });

    // "payment" is in the payments incident report; typed a key at a time.
    await input.pressSequentially("payment", { delay: 20 });
    const results = page.locator("#search-results a");
    await results.first().waitFor({ state: "visible" });
    const hrefs = await results.evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    assert.ok(hrefs.includes("/incidents/2024-03-payments/"), `results: ${hrefs.join(", ")}`);
    const status = page.locator("#search-status");
    assert.match(await status.textContent(), /^\d+ results? for “payment”/);
    assert.equal(await status.getAttribute("role"), "status");
    assert.equal(await status.getAttribute("aria-live"), "polite");

    // Every word must match: a second word narrows the list.
    await input.fill("weeknote 2024 w14");
    await page.waitForFunction(() => /for “weeknote 2024 w14”/.test(document.querySelector("#search-status").textContent));
    const narrowed = await results.evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    assert.ok(narrowed.length >= 1, "no result for the W14 weeknote");
    assert.equal(narrowed[0], "/blog/2024-04-05-weeknote-2024-w14/");

    // Keyboard: down arrow from the box to the first result, and up again.
    await input.focus();
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute("href")), narrowed[0]);
    await page.keyboard.press("ArrowUp");
    assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");

    // Nothing matches: said so, and no list.
    await input.fill("zzzzqqq");
    await page.waitForFunction(() => /^No results for “zzzzqqq”/.test(document.querySelector("#search-status").textContent));
    assert.equal(await page.locator("#search-results").isHidden(), true);

    // The query is kept in the address, so a search can be shared and reloaded.
    await input.fill("payment");
    await page.waitForFunction(() => location.search === "?q=payment");
    await page.reload();
    await results.first().waitFor({ state: "visible" });
    assert.equal(await input.inputValue(), "payment");

    // Following a result opens the page.
    await page.locator('#search-results a[href="/incidents/2024-03-payments/"]').click();
    await page.waitForURL(`${base}/incidents/2024-03-payments/`);

    assert.deepEqual(outside, [], "requests left 127.0.0.1");
  } finally {
    await context.close();
  }
});

/** The ranking the search page had when it read the whole index (search.js before the
 * fragments), computed here from /search/index.json: the URLs of the results in order. */
function rankedFromWholeIndex(index, query) {
  const tokens = (text) => String(text || "").split(/[^\p{L}\p{N}'\u2019]+/u).filter(Boolean)
    .map((w) => {
      w = w.toLowerCase();
      if (w.endsWith("'s") || w.endsWith("\u2019s")) w = w.slice(0, -2);
      return w.replace(/['\u2019]/g, "");
    }).filter(Boolean);
  const col = Object.fromEntries(index.fields.map((f, i) => [f, i]));
  const pages = index.pages.map((row) => {
    const words = row[col.words] ? row[col.words].split(" ").map((n) => index.words[parseInt(n, 36)] || "") : [];
    const title = " " + tokens(row[col.title]).join(" ") + " ";
    return { url: row[col.url], titleWords: title, allWords: title + tokens(row[col.summary]).join(" ") + " " + words.join(" ") + " " };
  });
  const terms = tokens(query);
  const found = [];
  pages.forEach((p, i) => {
    let score = 0;
    for (const t of terms) {
      if (p.allWords.indexOf(" " + t) < 0) return;
      if (p.titleWords.indexOf(" " + t) >= 0) score += 10;
      if (p.allWords.indexOf(" " + t + " ") >= 0) score += 2;
      score += 1;
    }
    if (score > 0) found.push({ url: p.url, score, i });
  });
  found.sort((a, b) => b.score - a.score || a.i - b.i);
  return found.map((f) => f.url);
}

test("the fragments rank every query as the whole index did, and a query fetches only its fragments", async () => {
  const index = JSON.parse(fs.readFileSync(path.join(work, "public", "search", "index.json"), "utf8"));
  const context = await browser.newContext();
  const { page, outside } = await open(context);
  const fetched = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
  try {
    await page.goto(`${base}/search/`);
    const input = page.locator("#search-input");
    await input.waitFor({ state: "visible" });
    const queries = ["payment", "council tax", "the", "w", "2024", "accessib", "incident report", "weeknote 2024 w14", "café", "zzzzqqq"];
    for (const query of queries) {
      const want = rankedFromWholeIndex(index, query);
      fetched.length = 0;
      await input.fill(query);
      await page.locator("button[type=submit]").click();
      await page.waitForFunction((q) => document.querySelector("#search-status").textContent.includes(`“${q}”`), query);
      const got = await page.locator("#search-results a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
      assert.deepEqual(got, want.slice(0, 50), `results for “${query}”`);
      const status = await page.locator("#search-status").textContent();
      if (want.length > 1) assert.match(status, new RegExp(`^${want.length} results`), query);
      assert.ok(!fetched.includes("/search/index.json"), `“${query}” fetched the whole index`);
      const data = fetched.filter((f) => f.startsWith("/search/"));
      assert.ok(data.every((f) => /^\/search\/(words|pages)\/\d+\.json$/.test(f)), `“${query}” fetched ${data.join(", ")}`);
    }
    assert.deepEqual(outside, [], "requests left 127.0.0.1");
  } finally {
    await context.close();
  }
});

test("without JavaScript the search page offers the sections and tags", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const { page, outside } = await open(context);
  try {
    await page.goto(`${base}/search/`);
    assert.equal(await page.locator("form[role=search]").isHidden(), true);
    assert.ok(await page.locator('.search-browse a[href="/blog/"]').isVisible());
    assert.ok(await page.locator('.search-browse a[href="/incidents/"]').isVisible());
    assert.ok(await page.locator('.search-browse a[href="/tags/accessibility/"]').isVisible());
    assert.deepEqual(outside, [], "requests left 127.0.0.1");
  } finally {
    await context.close();
  }
});
