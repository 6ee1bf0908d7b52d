// The bilingual example site in a real browser (issue 18): Welsh search finds a word
// under its initial mutations (a search for "Caerdydd" finds the weeknote that says
// "Gaerdydd" and "Nghaerdydd"), the English search does not, and the language switcher
// takes a reader to the same page in the other language. The built site is served from
// a temporary folder on 127.0.0.1; Debian's chromium runs through playwright-core.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSite } from "./support.mjs";

let site, base, browser;

before(async () => {
  site = await startSite({ prefix: "bilingual" });
  ({ base, browser } = site);
});

after(async () => {
  if (site) await site.close();
});

async function search(page, url, query) {
  await page.goto(`${base}${url}`);
  const input = page.locator("#search-input");
  await input.waitFor({ state: "visible" });
  await input.fill(query);
  await page.locator("button[type=submit]").click();
  await page.waitForFunction(
    (q) => document.querySelector("#search-status").textContent.includes(q),
    query,
  );
  return page.locator("#search-results a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
}

test("the Welsh search finds a word under its initial mutations", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const outside = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(`${base}/`)) outside.push(r.url());
  });
  try {
    // The weeknote says "o Gaerdydd" and "yng Nghaerdydd", never "Caerdydd".
    const found = await search(page, "/cy/search/", "Caerdydd");
    assert.ok(found.includes("/cy/blog/2024-03-08-weeknote-2024-w10/"), `results: ${found.join(", ")}`);
    // Only Welsh pages are in the Welsh index.
    assert.ok(found.every((href) => href.startsWith("/cy/")), `results: ${found.join(", ")}`);
    assert.equal(await page.evaluate(() => document.documentElement.lang), "cy");
    // The English search neither mutates nor holds the Welsh pages.
    const english = await search(page, "/search/", "Caerdydd");
    assert.deepEqual(english, []);
    const cardiff = await search(page, "/search/", "Cardiff");
    assert.ok(cardiff.includes("/blog/2024-03-08-weeknote-2024-w10/"), `results: ${cardiff.join(", ")}`);
    assert.deepEqual(outside, []);
  } finally {
    await context.close();
  }
});

test("the language switcher leads to the same page in the other language, or says it cannot", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${base}/about/`);
    await page.locator(".language-switcher a", { hasText: "Cymraeg" }).click();
    await page.waitForURL(`${base}/cy/about/`);
    assert.equal(await page.locator("h1").textContent(), "Amdanom ni");
    await page.locator(".language-switcher a", { hasText: "English" }).click();
    await page.waitForURL(`${base}/about/`);
    // A page with no Welsh version: the link says, in Welsh, that it goes to the Welsh home.
    await page.goto(`${base}/framework/`);
    const link = page.locator(".language-switcher a");
    assert.match(await link.textContent(), /hafan Gymraeg \(nid yw’r dudalen hon ar gael yn Gymraeg\)/);
    assert.equal(await link.getAttribute("lang"), "cy");
    await link.click();
    await page.waitForURL(`${base}/cy/`);
  } finally {
    await context.close();
  }
});
