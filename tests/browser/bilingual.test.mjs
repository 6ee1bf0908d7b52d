// The bilingual example site in a real browser (issue 18): Welsh search finds a word
// under its initial mutations (a search for "Caerdydd" finds the weeknote that says
// "Gaerdydd" and "Nghaerdydd"), the English search does not, and the language switcher
// takes a reader to the same page in the other language; the Welsh search speaks Welsh,
// and axe checks the incident pages of a Welsh site. The built site is served from
// a temporary folder on 127.0.0.1; Debian's chromium runs through playwright-core.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { startSite } from "./support.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

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

test("the Welsh search says what it found in Welsh", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${base}/cy/search/`);
    const input = page.locator("#search-input");
    await input.waitFor({ state: "visible" });
    await input.fill("sgwarnogod");
    await page.locator("button[type=submit]").click();
    const status = page.locator("#search-status");
    await page.waitForFunction(() => document.querySelector("#search-status").textContent !== "");
    assert.equal(await status.textContent(), "Dim canlyniadau ar gyfer \u201csgwarnogod\u201d.");
    // A word the Welsh pages hold: counted in Welsh, and each result's kind said in Welsh.
    await input.fill("Caerdydd");
    await page.locator("button[type=submit]").click();
    await page.waitForFunction(() => / canlyniad ar gyfer \u201cCaerdydd\u201d/.test(document.querySelector("#search-status").textContent));
    const kinds = await page.locator("#search-results .search-result__meta").allTextContents();
    assert.ok(kinds.some((k) => k.includes("Cofnod")), `kinds: ${kinds.join(" | ")}`);
    // The English search is as it was.
    await page.goto(`${base}/search/`);
    await page.locator("#search-input").waitFor({ state: "visible" });
    await page.locator("#search-input").fill("sgwarnogod");
    await page.locator("button[type=submit]").click();
    await page.waitForFunction(() => document.querySelector("#search-status").textContent !== "");
    assert.equal(await status.textContent(), "No results for \u201csgwarnogod\u201d.");
  } finally {
    await context.close();
  }
});

// A council that publishes in Welsh only: the incident pages daylight makes (the status
// page, the actions tracker, the statistics) are drawn in Welsh, and axe checks them as
// it checks the English ones.
const WELSH_SITE = {
  "site.yaml": "title: Cyngor Prawf\nbase_url: https://test.example\nlanguage: cy\nincidents:\n  services: [Taliadau ar-lein, Gwefan]\n",
  "content/_index.md": "---\ntitle: Cyngor Prawf\n---\nCroeso.\n",
  "content/incidents/_index.md": "---\ntitle: Digwyddiadau\nkind: incident\n---\n",
  "content/incidents/taliadau.md": "---\ntitle: Taliadau ddim ar gael\ndate: 2026-11-20\nstatus: resolved\nseverity: P1\nstarted: 2026-11-20T09:00:00Z\ndetected: 2026-11-20T09:10:00Z\nresolved: 2026-11-20T11:05:00Z\nservices: [Taliadau ar-lein]\nactions:\n  - {action: Ychwanegu rhybudd, owner: Gweithrediadau, due: 2026-11-25, status: open}\n  - {action: Diweddaru’r llyfr rhedeg, due: 2026-11-22, status: done}\nupdates:\n  - {at: 2026-11-20T09:15:00Z, status: investigating, text: Mae taliadau cerdyn yn methu.}\n---\nFe dorrodd.\n",
  "content/incidents/gwefan.md": "---\ntitle: Y wefan yn araf\ndate: 2026-11-30\nstatus: identified\nseverity: P3\nstarted: 2026-11-30T08:00:00Z\nservices: [Gwefan]\n---\nMae’n araf.\n",
};

const WELSH_PAGES = ["/status/", "/incidents/actions/", "/incidents/statistics/", "/incidents/", "/incidents/taliadau/", "/"];

test("axe finds no WCAG 2.2 AA violations on the Welsh status, actions and statistics pages", async () => {
  const welsh = await startSite({
    prefix: "welsh",
    prepare(work) {
      const root = path.join(work, "site");
      for (const [file, text] of Object.entries(WELSH_SITE)) {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), text);
      }
      return root;
    },
  });
  const failures = [];
  try {
    const context = await welsh.browser.newContext();
    const page = await context.newPage();
    for (const url of WELSH_PAGES) {
      const response = await page.goto(`${welsh.base}${url}`, { waitUntil: "networkidle" });
      assert.equal(response.status(), 200, url);
      assert.equal(await page.evaluate(() => document.documentElement.lang), "cy", url);
      await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
      await page.addScriptTag({ content: AXE_SOURCE });
      const violations = await page.evaluate(async (tags) => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
        return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      }, AXE_TAGS);
      failures.push(...violations.map((v) => `${url} ${v}`));
    }
    assert.match(await (await page.goto(`${welsh.base}/status/`)).text(), /Statws gwasanaethau/);
    await context.close();
  } finally {
    await welsh.close();
  }
  assert.deepEqual(failures, []);
});
