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

// Relative luminance contrast of two computed `rgb(...)` colours.
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test("each status is its own tag, GOV.UK-like: a hue of its own (or an edge) within its family, dark text on a tint, no border unless it means something", async () => {
  // Each family's statuses, and how many of them the example site's pages show.
  const families = {
    incident: [["investigating", "identified", "monitoring", "resolved"], 4],
    "action and plan item": [["open", "planned", "in-progress", "done", "dropped", "overdue"], 5],
    "service state": [["state-operational", "state-maintenance", "state-degraded", "state-outage"], 2],
  };
  const urls = [
    "/incidents/2026-11-parking-permit-emails-delayed/",
    "/incidents/",
    "/incidents/actions/",
    "/plan/digital-roadmap-2024-2027/",
    "/status/",
  ];
  for (const colorScheme of ["light", "dark"]) {
    const context = await browser.newContext({ colorScheme });
    try {
      const page = await context.newPage();
      const looks = new Map();
      for (const url of urls) {
        await page.goto(`${base}${url}`);
        const badges = await page.$$eval(".badge", (els) =>
          els.map((el) => {
            const s = getComputedStyle(el);
            return {
              classes: [...el.classList],
              text: el.textContent.trim(),
              bg: s.backgroundColor,
              fg: s.color,
              edge: `${s.borderTopStyle} ${s.borderTopWidth} ${s.borderTopColor === "rgba(0, 0, 0, 0)" ? "none" : "drawn"}`,
            };
          }),
        );
        for (const b of badges) {
          const ratio = contrast(b.bg, b.fg);
          assert.ok(ratio >= 4.5, `${colorScheme} ${url}: "${b.text}" is ${ratio.toFixed(2)}:1`);
          const status = b.classes.find((c) => c.startsWith("badge--") && c !== "badge--sev")?.slice(7);
          if (status) looks.set(status, `${b.bg} ${b.edge}`);
        }
      }
      assert.match(looks.get("resolved") ?? "", /none$/, `${colorScheme}: a plain status tag has no drawn edge`);
      assert.match(looks.get("overdue") ?? "", /solid 2px drawn$/, `${colorScheme}: overdue keeps its strong edge`);
      for (const [family, [statuses, shown]] of Object.entries(families)) {
        // "Planned" (a plan item) and "open" (an action) say the same: not started.
        const seen = statuses.filter((s) => looks.has(s) && !(s === "planned" && looks.has("open")));
        assert.ok(seen.length >= shown, `${colorScheme}: fewer ${family} statuses than the pages show: ${seen}`);
        for (const [i, a] of seen.entries()) {
          for (const b of seen.slice(i + 1)) {
            assert.notEqual(looks.get(a), looks.get(b), `${colorScheme}: ${family} statuses ${a} and ${b} look the same`);
          }
        }
      }
    } finally {
      await context.close();
    }
  }
});

test("right to left, the theme mirrors: every edge, indent and side column swaps sides, and arrows turn round", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const sides = () =>
    [...document.querySelectorAll("body *")].map((el) => {
      const s = getComputedStyle(el);
      return {
        what: `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`,
        start: [s.borderLeftWidth, s.borderLeftStyle, s.paddingLeft, s.marginLeft].join(" "),
        end: [s.borderRightWidth, s.borderRightStyle, s.paddingRight, s.marginRight].join(" "),
        transform: s.transform,
      };
    });
  try {
    const page = await context.newPage();
    let asymmetric = 0;
    for (const url of ["/incidents/2024-03-payments/", "/blog/", "/blog/2024-02-accessible-forms/", "/incidents/actions/", "/status/", "/plan/digital-roadmap-2024-2027/"]) {
      await page.goto(`${base}${url}`);
      const ltr = await page.evaluate(sides);
      await page.evaluate(() => document.documentElement.setAttribute("dir", "rtl"));
      const rtl = await page.evaluate(sides);
      assert.equal(rtl.length, ltr.length);
      for (const [i, l] of ltr.entries()) {
        if (l.start === l.end) continue;
        asymmetric += 1;
        assert.deepEqual([rtl[i].start, rtl[i].end], [l.end, l.start], `${url}: ${l.what} does not mirror`);
      }
      const doc = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: innerWidth }));
      assert.ok(doc.scroll <= doc.width, `${url}: right to left scrolls sideways: ${JSON.stringify(doc)}`);
      if (url === "/incidents/2024-03-payments/") {
        const m = await page.evaluate(() => ({
          prose: document.querySelector(".prose").getBoundingClientRect().left,
          side: document.querySelector(".key-facts").getBoundingClientRect().right,
        }));
        assert.ok(m.side <= m.prose, `the key facts are not on the left, right to left: ${JSON.stringify(m)}`);
        const turned = await page.evaluate(() => {
          const li = document.querySelector(".breadcrumbs__list li + li");
          return li ? getComputedStyle(li, "::before").transform : null;
        });
        await page.evaluate(() => document.documentElement.setAttribute("dir", "ltr"));
        const straight = await page.evaluate(() => getComputedStyle(document.querySelector(".breadcrumbs__list li + li"), "::before").transform);
        assert.notEqual(turned, straight, "the breadcrumb chevron turns round");
      }
      if (url === "/blog/") {
        const arrows = await page.$$eval(".pagination .arrow-inline", (els) => els.map((e) => getComputedStyle(e).transform));
        assert.ok(arrows.length > 0, "the blog list has a pagination arrow");
        for (const t of arrows) assert.match(t, /^matrix\(-1, 0, 0, 1/, "a pagination arrow turns round");
      }
    }
    assert.ok(asymmetric > 20, `too few one-sided edges seen to test (${asymmetric})`);
  } finally {
    await context.close();
  }
});

test("related pages and who wrote it sit in the side column from 64em and after the story on a phone, read once either way", async () => {
  for (const [width, side] of [[1280, true], [375, false]]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    try {
      const page = await context.newPage();
      // The post has two authors; the report none.
      for (const [url, authors] of [["/blog/2025-02-11-moving-off-our-legacy-cms/", 1], ["/incidents/2024-05-council-tax-portal-read-only/", 0]]) {
        await page.goto(`${base}${url}`);
        const related = page.getByRole("navigation", { name: "Related" });
        assert.equal(await related.count(), 1, `${url} at ${width}: one Related navigation`);
        assert.ok((await related.getByRole("link").count()) >= 1);
        assert.equal(await page.getByRole("heading", { name: "Written by" }).count(), authors, `${url} at ${width}: Written by`);
        const m = await page.evaluate(() => {
          const prose = document.querySelector(".prose").getBoundingClientRect();
          const nav = [...document.querySelectorAll("nav.related")].find((n) => n.offsetParent !== null).getBoundingClientRect();
          return { proseRight: prose.right, proseBottom: prose.bottom, navLeft: nav.left, navTop: nav.top };
        });
        if (side) assert.ok(m.navLeft >= m.proseRight, `${url}: not beside the story at ${width}: ${JSON.stringify(m)}`);
        else assert.ok(m.navTop >= m.proseBottom, `${url}: not after the story at ${width}: ${JSON.stringify(m)}`);
      }
    } finally {
      await context.close();
    }
  }
});
