// The default theme's frame (issue 20, "The look"), in chromium on the example site: the
// menu folds behind a "Menu" button on a phone and opens without JavaScript, a phase
// banner, a footer that says the site sets no cookies and gives the licence, and long
// reports that start with their summary and end with a way back to the top, and a home
// page with a way into each part of the site, its count and its newest page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSite } from "./support.mjs";

let site, out, base, browser;

before(async () => {
  site = await startSite({ prefix: "look" });
  ({ out, base, browser } = site);
});

after(async () => {
  if (site) await site.close();
});

test("on a phone the menu is behind a Menu button that works without JavaScript; on a desktop it is a row", async () => {
  const phone = await browser.newContext({ viewport: { width: 375, height: 800 }, javaScriptEnabled: false });
  try {
    const page = await phone.newPage();
    await page.goto(`${base}/blog/`);
    const nav = page.getByRole("navigation", { name: "Main" });
    const blog = nav.getByRole("link", { name: "Blog" });
    assert.equal(await blog.count(), 0, "the menu starts folded");
    const button = nav.locator("summary", { hasText: "Menu" });
    await button.focus();
    await page.keyboard.press("Enter");
    assert.equal(await blog.count(), 1, "Enter on Menu shows one Blog link, not two");
    assert.equal(await blog.isVisible(), true);
    assert.equal(await blog.getAttribute("aria-current"), "page");
  } finally {
    await phone.close();
  }
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await desktop.newPage();
    await page.goto(`${base}/blog/`);
    const nav = page.getByRole("navigation", { name: "Main" });
    assert.equal(await nav.getByRole("link", { name: "Blog" }).isVisible(), true);
    assert.equal(await nav.locator("summary").isVisible(), false, "no Menu button on a desktop");
  } finally {
    await desktop.close();
  }
});

test("a phase banner, and a footer with contact, the licence and the cookie statement", async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${base}/`);
    assert.match(await page.locator(".phase-banner").textContent(), /Beta\s+This is a new service/);
    const footer = page.locator("footer.site-footer");
    assert.match(await footer.textContent(), /this site sets none, and nothing on it tracks you/);
    assert.equal(await footer.getByRole("link", { name: "Open Government Licence v3.0" }).count(), 1);
    assert.equal(await footer.getByRole("link", { name: "Contact us" }).getAttribute("href"), "/about/");
    assert.equal(await footer.getByRole("link", { name: "Accessibility statement" }).count(), 1);
  } finally {
    await context.close();
  }
});

test("an incident report opens with its summary before the key facts and ends with Back to top", async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${base}/incidents/2024-03-payments/`);
    const order = await page.evaluate(() => {
      const lede = document.querySelector(".page-header .lede");
      const facts = document.querySelector(".key-facts");
      return lede && facts ? lede.compareDocumentPosition(facts) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
    });
    assert.ok(order, "the summary comes before the key facts");
    const back = page.getByRole("link", { name: "Back to top" });
    assert.equal(await back.getAttribute("href"), "#main");
    await back.click();
    assert.equal(await page.evaluate(() => document.activeElement.id), "main");
  } finally {
    await context.close();
  }
});

test("the home page has a way into the blog, the incidents and the plan, with counts and the latest", async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${base}/`);
    const ways = await page.locator(".entry-point").evaluateAll((els) => els.map((el) => ({
      title: el.querySelector("h3").textContent.trim(),
      count: (el.querySelector(".entry-point__count") || {}).textContent || "",
      latest: (el.querySelector(".entry-point__latest a") || {}).textContent || "",
    })));
    const find = (t) => ways.find((w) => w.title === t) || {};
    assert.match(find("Blog").count, /^\d+ posts$/, JSON.stringify(ways));
    assert.ok(find("Blog").latest, "the newest post");
    assert.match(find("Incident reports").count, /^\d+ reports$/);
    assert.ok(find("Incident reports").latest, "the newest report");
    assert.match(find("Plans").count, /^1 plan$/);
  } finally {
    await context.close();
  }
});

test("from 64em a report reads in two thirds with its key facts and contents beside it; stacked on a phone", async () => {
  for (const [width, side] of [[1280, true], [375, false]]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    try {
      const page = await context.newPage();
      for (const [url, aside] of [["/incidents/2024-03-payments/", ".key-facts"], ["/blog/2024-02-accessible-forms/", ".toc"]]) {
        await page.goto(`${base}${url}`);
        const m = await page.evaluate((sel) => {
          const prose = document.querySelector(".prose").getBoundingClientRect();
          const box = document.querySelector(sel).getBoundingClientRect();
          return { proseRight: prose.right, proseWidth: prose.width, sideLeft: box.left, main: document.querySelector("main").getBoundingClientRect().width };
        }, aside);
        if (side) {
          assert.ok(m.sideLeft >= m.proseRight, `${url}: ${aside} is not beside the text: ${JSON.stringify(m)}`);
          assert.ok(m.proseWidth < m.main * 0.7, `${url}: the text is wider than two thirds: ${JSON.stringify(m)}`);
        } else {
          assert.ok(m.sideLeft < m.proseRight, `${url}: ${aside} should be stacked on a phone: ${JSON.stringify(m)}`);
        }
      }
    } finally {
      await context.close();
    }
  }
});
