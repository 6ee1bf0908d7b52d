// The barriers of issue 20 that no automated checker finds, each proven in a real browser
// on the example site: (1) every table box scrolls with the keyboard and has a name,
// (2) task-list boxes are drawn at 3:1, (3) chart colours step in lightness, segments
// have gaps and labels are readable on a phone, (4) forced colours keep every marker,
// (5) nothing is read twice and landmarks and tables have distinct names, (6) search
// announces once when typing stops and has a Search button, (7) actions are stacked
// cards on a phone, (8) row headers, readable term headings, whole redirect pages,
// filters only where they filter, contents numbers and separator dots in place.
//
// The site is built as of the example reports' day, served on 127.0.0.1 and read by
// Debian's chromium through playwright-core, as in a11y.test.mjs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { startSite } from "./support.mjs";

let site, out, base, browser;

before(async () => {
  site = await startSite({ prefix: "barriers" });
  ({ out, base, browser } = site);
});

after(async () => {
  if (site) await site.close();
});

async function withPage(options, fn) {
  const context = await browser.newContext(options);
  try {
    const page = await context.newPage();
    return await fn(page);
  } finally {
    await context.close();
  }
}

async function visit(page, url) {
  const response = await page.goto(`${base}${url}`, { waitUntil: "load" });
  assert.equal(response.status(), 200, `${url} answered ${response.status()}`);
  await page.addScriptTag({ content: PAGE_HELPERS });
}

// Colour arithmetic in the page: WCAG relative luminance and contrast, and the colour
// actually behind an element (the first ancestor with an opaque background).
const PAGE_HELPERS = `
window.rgb = (s) => { const m = String(s).match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
  const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
  return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
window.lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
window.contrast = (a, b) => { const x = lum(rgb(a)), y = lum(rgb(b)); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
window.behind = (el) => { for (let n = el; n; n = n.parentElement) { const c = rgb(getComputedStyle(n).backgroundColor);
  if (c && c.a > 0.99) return getComputedStyle(n).backgroundColor; } return "rgb(255, 255, 255)"; };
window.nameOf = (el) => { const ids = el.getAttribute("aria-labelledby");
  if (ids) return ids.split(/\\s+/).map((id) => (document.getElementById(id) || {}).textContent || "").join(" ").replace(/\\s+/g, " ").trim();
  return (el.getAttribute("aria-label") || "").trim(); };
`;

// 1. ---------------------------------------------------------------------------------
test("1: every table box on a phone takes focus, is a named region, and scrolls with the keyboard", async () => {
  await withPage({ viewport: { width: 320, height: 640 } }, async (page) => {
    const problems = [];
    let scrolled = 0;
    let markdown = 0;
    for (const url of ["/framework/digital-inclusion/", "/blog/2024-03-22-weeknote-2024-w12/",
      "/blog/2025-02-11-moving-off-our-legacy-cms/", "/incidents/2024-03-payments/",
      "/blog/2024-02-accessible-forms/", "/incidents/statistics/"]) {
      await visit(page, url);
      const boxes = await page.evaluate(() => [...document.querySelectorAll("main table")].map((t) => {
        const box = t.closest(".table-wrap");
        if (!box) return { missing: t.outerHTML.slice(0, 80) };
        return { tabindex: box.getAttribute("tabindex"), role: box.getAttribute("role"), name: nameOf(box),
          scrolls: box.scrollWidth > box.clientWidth, markdown: !!box.closest(".prose") };
      }));
      markdown += boxes.filter((b) => b.markdown).length;
      const names = boxes.map((b) => b.name);
      for (const b of boxes) {
        if (b.missing) { problems.push(`${url}: a table outside any box: ${b.missing}`); continue; }
        if (b.tabindex !== "0" || b.role !== "region" || !b.name) problems.push(`${url}: ${JSON.stringify(b)}`);
        if (names.filter((n) => n === b.name).length > 1) problems.push(`${url}: two table boxes named "${b.name}"`);
      }
      // A box that scrolls moves with the arrow keys once it has focus.
      const wide = page.locator(".table-wrap").filter({ has: page.locator("table") });
      for (let i = 0; i < await wide.count(); i++) {
        const box = wide.nth(i);
        if (!await box.evaluate((b) => b.scrollWidth > b.clientWidth)) continue;
        await box.focus();
        for (let k = 0; k < 5; k++) await page.keyboard.press("ArrowRight");
        // Chromium animates a scroll by the keyboard: wait for it to move (up to 5 s),
        // rather than read it the moment the keys are pressed.
        const moved = await box
          .evaluate((b) => new Promise((done) => {
            const start = performance.now();
            const look = () => (b.scrollLeft > 0 ? done(true) : performance.now() - start > 5000 ? done(false) : requestAnimationFrame(look));
            look();
          }));
        if (moved) scrolled++;
        else problems.push(`${url}: box ${i} does not scroll with the arrow keys`);
      }
    }
    assert.ok(markdown >= 4, `only ${markdown} Markdown tables checked`);
    assert.ok(scrolled > 0, "no table box was wide enough to scroll at 320 pixels");
    assert.deepEqual(problems, []);
  });
});

// 2. ---------------------------------------------------------------------------------
for (const scheme of ["light", "dark"]) {
  test(`2: task-list boxes and ticks are drawn at 3:1 or more (${scheme})`, async () => {
    await withPage({ colorScheme: scheme }, async (page) => {
      await visit(page, "/blog/2024-02-accessible-forms/");
      const boxes = await page.evaluate(() => [...document.querySelectorAll("main li > input[type=checkbox]")].map((i) => {
        const s = getComputedStyle(i);
        const tick = getComputedStyle(i, "::before");
        const around = behind(i.parentElement);
        const fill = rgb(s.backgroundColor).a > 0.99 ? s.backgroundColor : around;
        return {
          checked: i.checked,
          border: s.borderTopStyle !== "none" && parseFloat(s.borderTopWidth) >= 1 ? contrast(s.borderTopColor, around) : 0,
          fill,
          // The tick: drawn as the ::before of a box with no native look.
          tick: s.appearance === "none" && tick.content !== "none" && parseFloat(tick.width) > 0
            && !/matrix\(0, 0, 0, 0/.test(tick.transform)
            ? contrast(tick.backgroundColor, fill) : 0,
        };
      }));
      assert.ok(boxes.some((b) => b.checked) && boxes.some((b) => !b.checked), "the post has done and to-do items");
      for (const b of boxes) {
        assert.ok(b.border >= 3, `a box's edge is ${b.border.toFixed(2)}:1 against the page`);
        if (b.checked) assert.ok(b.tick >= 3, `a tick is ${b.tick.toFixed(2)}:1 against its box`);
      }
      const fills = new Set(boxes.filter((b) => b.checked).map((b) => b.fill));
      const empty = new Set(boxes.filter((b) => !b.checked).map((b) => b.fill));
      assert.ok([...fills].every((f) => !empty.has(f)) || boxes.every((b) => !b.checked || b.tick >= 3));
    });
  });
}

// 3. ---------------------------------------------------------------------------------
for (const scheme of ["light", "dark"]) {
  test(`3: charts on a 320-pixel phone: distinct lightness, gaps, readable labels, numbers in view (${scheme})`, async () => {
    await withPage({ colorScheme: scheme, viewport: { width: 320, height: 640 } }, async (page) => {
      await visit(page, "/incidents/statistics/");
      const m = await page.evaluate(() => {
        const paint = (el) => { const s = getComputedStyle(el); return el instanceof SVGElement ? s.fill : s.backgroundColor; };
        // One colour per severity, read from the legend's swatches.
        const swatches = [...document.querySelectorAll(".chart-legend [class*=chart-sev-]")].map((el) => ({
          cls: [...el.classList].find((c) => c.startsWith("chart-sev-")), colour: paint(el), against: behind(el.parentElement) }));
        // Text in the charts, as large as it is drawn on screen.
        const labels = [...document.querySelectorAll(".chart-block figure *")].filter((el) =>
          [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())).map((el) => ({
          text: el.textContent.trim().slice(0, 20),
          px: el instanceof SVGElement ? el.getBoundingClientRect().height * 0.8 : parseFloat(getComputedStyle(el).fontSize) }));
        // Stacked segments: the space between neighbours in one bar.
        const gaps = [];
        for (const bar of document.querySelectorAll(".bar-chart__bar")) {
          const segs = [...bar.querySelectorAll(".bar-chart__segment")].map((s) => s.getBoundingClientRect());
          for (let i = 1; i < segs.length; i++) gaps.push(segs[i].left - segs[i - 1].right);
        }
        const blocks = [...document.querySelectorAll(".chart-block")].map((b) => {
          const table = b.querySelector("table");
          const r = table && table.getBoundingClientRect();
          return { visible: !!table && r.height > 0 && !table.closest("details:not([open])"),
            summary: (b.querySelector(".chart-summary") || {}).textContent || "",
            totals: table ? [...table.querySelectorAll("tbody tr")].map((tr) => tr.lastElementChild.textContent.trim()) : [],
            bars: [...b.querySelectorAll(".bar-chart__value")].map((v) => v.textContent.trim()),
            id: b.id };
        });
        return { swatches, labels, gaps, blocks, width: document.documentElement.clientWidth };
      });
      assert.ok(m.swatches.length >= 4, `legend swatches: ${JSON.stringify(m.swatches)}`);
      const problems = [];
      for (const s of m.swatches) {
        const c = await page.evaluate(([a, b]) => contrast(a, b), [s.colour, s.against]);
        if (c < 3) problems.push(`${s.cls} is ${c.toFixed(2)}:1 against the page`);
      }
      for (let i = 0; i < m.swatches.length; i++) {
        for (let j = i + 1; j < m.swatches.length; j++) {
          const c = await page.evaluate(([a, b]) => contrast(a, b), [m.swatches[i].colour, m.swatches[j].colour]);
          // Lightness steps survive any colour vision: 1.4:1 apart is told apart at a glance.
          if (c < 1.4) problems.push(`${m.swatches[i].cls} and ${m.swatches[j].cls} are ${c.toFixed(2)}:1 apart`);
        }
      }
      for (const l of m.labels) if (l.px < 14) problems.push(`"${l.text}" is drawn ${l.px.toFixed(1)} px high`);
      if (!m.gaps.length) problems.push("no stacked bar has two segments");
      for (const g of m.gaps) if (g < 2) problems.push(`segments ${g.toFixed(1)} px apart`);
      for (const b of m.blocks) {
        if (!b.visible) problems.push(`${b.id}: the numbers are hidden behind a disclosure`);
        if (!b.bars.length) problems.push(`${b.id}: no number beside the bars`);
      }
      // The summary names "the most" only when one quarter has it.
      const q = m.blocks.find((b) => b.id === "chart-block-quarters");
      assert.ok(q, `blocks: ${m.blocks.map((b) => b.id)}`);
      const totals = q.totals.map(Number);
      const top = Math.max(...totals);
      if (totals.filter((t) => t === top).length > 1) {
        if (/the most in Q\d \d{4} \(/.test(q.summary)) problems.push(`summary names one quarter among ties: ${q.summary}`);
      }
      assert.deepEqual(problems, []);
    });
  });
}

// 4. ---------------------------------------------------------------------------------
test("4: in forced colours the current menu item, current page, progress and overdue marks stay visible", async () => {
  await withPage({ viewport: { width: 1280, height: 900 } }, async (page) => {
    await page.emulateMedia({ forcedColors: "active", colorScheme: "light" });
    const problems = [];
    // The current-section bar: under the current item only.
    await visit(page, "/blog/");
    const nav = await page.evaluate(() => [...document.querySelectorAll(".site-nav a")].filter((a) => a.getClientRects().length).map((a) => {
      const s = getComputedStyle(a);
      const shown = s.borderBottomStyle !== "none" && parseFloat(s.borderBottomWidth) > 0
        && contrast(s.borderBottomColor, behind(a)) > 1.5;
      return { text: a.textContent.trim(), current: a.hasAttribute("aria-current"), shown };
    }));
    assert.ok(nav.some((n) => n.current), "a current menu item on /blog/");
    for (const n of nav) if (n.shown !== n.current) problems.push(`menu "${n.text}": bar ${n.shown ? "shown" : "missing"}`);
    // The current page of a list looks unlike the others.
    // Unlike: a fill at 3:1 against the others' or a border at least 2px thicker.
    const looks = await page.evaluate(() => [...document.querySelectorAll(".pagination__item a")].map((a) => {
      const s = getComputedStyle(a);
      return { current: a.getAttribute("aria-current") === "page", bg: s.backgroundColor === "rgba(0, 0, 0, 0)" ? behind(a) : s.backgroundColor,
        border: parseFloat(s.borderTopWidth) };
    }));
    const current = looks.filter((l) => l.current);
    assert.equal(current.length, 1, "one current page on /blog/");
    for (const other of looks.filter((l) => !l.current)) {
      const c = await page.evaluate(([a, b]) => contrast(a, b), [current[0].bg, other.bg]);
      if (c < 3 && current[0].border - other.border < 2) {
        problems.push(`current page looks like the others: ${JSON.stringify(current[0])} and ${JSON.stringify(other)}`);
      }
    }
    // Progress: the done part against the empty part.
    await visit(page, "/plan/digital-roadmap-2024-2027/");
    const bar = await page.evaluate(() => {
      const done = document.querySelector(".progress-bar__done");
      return done ? contrast(getComputedStyle(done).backgroundColor, behind(done.parentElement)) : 0;
    });
    if (bar < 3) problems.push(`the progress bar's done part is ${bar.toFixed(2)}:1 against its track`);
    // The overdue marker on each overdue action.
    await visit(page, "/incidents/actions/");
    const marks = await page.evaluate(() => [...document.querySelectorAll(".is-overdue")].map((row) => {
      const cell = row.firstElementChild;
      const s = getComputedStyle(cell);
      return parseFloat(s.borderLeftWidth) >= 4 && s.borderLeftStyle !== "none"
        && contrast(s.borderLeftColor, behind(cell)) >= 3;
    }));
    assert.ok(marks.length > 0, "overdue actions on the tracker");
    if (marks.some((m) => !m)) problems.push("an overdue row's marker vanishes");
    // Chart segments keep an edge.
    await visit(page, "/incidents/statistics/");
    const segs = await page.evaluate(() => [...document.querySelectorAll(".bar-chart__segment, .chart-legend [class*=chart-sev-]")].map((el) => {
      const s = getComputedStyle(el);
      return parseFloat(s.borderTopWidth) >= 1 && contrast(s.borderTopColor, behind(el.parentElement)) >= 3;
    }));
    if (!segs.length || segs.some((x) => !x)) problems.push("chart segments lose their edges");
    assert.deepEqual(problems, []);
  });
});

// 5. ---------------------------------------------------------------------------------
test("5: severity is said once, the tracker's regions and tables have distinct names, charts are described once", async () => {
  await withPage({}, async (page) => {
    const problems = [];
    await visit(page, "/incidents/2024-03-payments/");
    const facts = await page.locator(".key-facts").ariaSnapshot();
    const times = (facts.match(/Severity/g) || []).length;
    if (times !== 1) problems.push(`"Severity" read ${times} times in the key facts:\n${facts}`);

    await visit(page, "/incidents/actions/");
    const regions = await page.evaluate(() => [...document.querySelectorAll("section, [role=region]")]
      .filter((el) => el.getAttribute("role") === "region" || el.hasAttribute("aria-label") || el.hasAttribute("aria-labelledby"))
      .map((el) => nameOf(el)));
    const dup = regions.filter((n, i) => regions.indexOf(n) !== i);
    if (dup.length) problems.push(`regions named alike: ${dup.join(", ")} (of ${regions.join(" | ")})`);
    const tables = await page.evaluate(() => [...document.querySelectorAll("main table")].map((t) =>
      ((t.caption && t.caption.textContent) || nameOf(t)).trim()));
    if (tables.some((n) => !n)) problems.push(`an unnamed table on the tracker: ${JSON.stringify(tables)}`);

    await visit(page, "/incidents/statistics/");
    for (const block of await page.locator(".chart-block").all()) {
      const tree = await block.ariaSnapshot();
      const title = (await block.locator("h2").textContent()).trim();
      const said = tree.split(title).length - 1;
      const describedTwice = (tree.match(/the table below gives the same numbers/g) || []).length > 1;
      // The title heads the block and is said once.
      if (said > 1 || describedTwice || /img "[^"]*\b(Incidents per quarter|Time to resolve)/.test(tree)) {
        problems.push(`chart "${title}" read ${said} times:\n${tree}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});

// 6. ---------------------------------------------------------------------------------
test("6: search announces once when typing stops, has a Search button, and says its label once", async () => {
  await withPage({}, async (page) => {
    await visit(page, "/search/");
    const input = page.locator("#search-input");
    await input.waitFor({ state: "visible" });
    await page.evaluate(() => {
      window.announced = [];
      const live = document.querySelector("[aria-live]");
      new MutationObserver(() => window.announced.push(live.textContent)).observe(live,
        { childList: true, characterData: true, subtree: true });
    });
    // A steady typist: a key every 180 ms, slower than any result can be shown.
    await input.pressSequentially("council tax", { delay: 180 });
    await page.waitForFunction(() => /for “council tax”/.test(document.querySelector("[aria-live]").textContent));
    await page.waitForTimeout(1500);
    const said = await page.evaluate(() => window.announced.filter((t) => t.trim()));
    assert.equal(said.length, 1, `announced ${said.length} times: ${JSON.stringify(said)}`);

    const button = page.getByRole("button", { name: "Search", exact: true });
    assert.equal(await button.count(), 1, "one Search button");
    assert.equal(await button.evaluate((b) => b.type === "submit" && b.form === document.querySelector("form[role=search]")), true);
    // The label is the page's heading, so it is heard once, not twice over.
    const heard = await page.evaluate(() => ({
      h1: document.querySelector("h1").textContent.trim(),
      label: document.querySelector("label[for=search-input]").textContent.trim(),
      inH1: !!document.querySelector("h1 label[for=search-input]"),
    }));
    assert.ok(heard.inH1 || !heard.label.includes(heard.h1), JSON.stringify(heard));

    // Pressing the button still searches, at once.
    await input.fill("payment");
    await button.click();
    await page.waitForFunction(() => /for “payment”/.test(document.querySelector("[aria-live]").textContent));
  });
});

// 7. ---------------------------------------------------------------------------------
test("7: on a 375-pixel phone every action is a card with its status and due date in view", async () => {
  await withPage({ viewport: { width: 375, height: 800 } }, async (page) => {
    const problems = [];
    for (const url of ["/incidents/actions/", "/incidents/2024-03-payments/"]) {
      await visit(page, url);
      const rows = await page.evaluate(() => {
        const w = document.documentElement.clientWidth;
        return [...document.querySelectorAll(".actions-table tbody tr")].map((tr) => {
          const off = [...tr.querySelectorAll("td, th, .badge")].filter((c) => {
            const r = c.getBoundingClientRect();
            return r.width > 0 && (r.left < 0 || r.right > w + 0.5);
          }).map((c) => c.textContent.trim().slice(0, 30));
          const box = tr.closest(".table-wrap");
          return { off, scrolls: box ? box.scrollWidth > box.clientWidth + 1 : false,
            labelled: [...tr.children].every((c) => c.getAttribute("data-label")) };
        });
      });
      assert.ok(rows.length > 0, `${url}: no actions`);
      rows.forEach((r, i) => {
        if (r.off.length) problems.push(`${url} action ${i}: off screen: ${r.off.join(" | ")}`);
        if (r.scrolls) problems.push(`${url} action ${i}: its box scrolls sideways`);
        if (!r.labelled) problems.push(`${url} action ${i}: a cell without its column's name`);
      });
    }
    assert.deepEqual(problems, []);
  });
});

// 8. ---------------------------------------------------------------------------------
test("8: row headers, term headings, redirect pages, filters where they filter", async () => {
  await withPage({}, async (page) => {
    const problems = [];
    await visit(page, "/blog/2024-03-22-weeknote-2024-w12/");
    const rows = await page.evaluate(() => [...document.querySelectorAll(".prose table")]
      .filter((t) => !t.querySelector("thead th").textContent.trim())
      .flatMap((t) => [...t.querySelectorAll("tbody tr")].map((tr) =>
        `${tr.firstElementChild.tagName} ${tr.firstElementChild.getAttribute("scope")}`)));
    assert.ok(rows.length > 0, "the weeknote's table with an empty corner");
    if (rows.some((r) => r !== "TH row")) problems.push(`row headers: ${rows.join(", ")}`);

    for (const [url, want] of [["/series/weeknotes/", "Weeknotes"], ["/tags/user-research/", "User research"]]) {
      await visit(page, url);
      const h1 = (await page.locator("h1").textContent()).trim();
      if (h1 !== want) problems.push(`${url}: heading "${h1}", not "${want}"`);
    }

    const redirect = fs.readFileSync(path.join(out, "blog/new-website-cms/index.html"), "utf8");
    for (const [what, re] of [["main", /<main[\s>]/], ["h1", /<h1[\s>]/], ["viewport", /<meta name="viewport"/]]) {
      if (!re.test(redirect)) problems.push(`the redirect page has no ${what}`);
    }

    for (const url of ["/incidents/actions/", "/incidents/statistics/"]) {
      await visit(page, url);
      if (await page.locator(".incident-filters").count()) problems.push(`${url}: "Narrow the list" filters incident lists`);
    }
    await visit(page, "/incidents/");
    if (!await page.locator(".incident-filters").count()) problems.push("/incidents/ lost its filters");
    assert.deepEqual(problems, []);
  });
});

test("8: at 320 pixels contents numbers sit on an entry's first line and no separator dot starts a line", async () => {
  await withPage({ viewport: { width: 320, height: 640 } }, async (page) => {
    const problems = [];
    let wrapped = 0;
    let lineStarts = 0;
    for (const url of ["/blog/2025-02-11-moving-off-our-legacy-cms/", "/incidents/2024-03-payments/",
      "/blog/", "/incidents/", "/blog/2024-04-05-weeknote-2024-w14/", "/framework/digital-inclusion/"]) {
      await visit(page, url);
      const m = await page.evaluate(() => {
        const toc = [...document.querySelectorAll(".toc li > a")].map((a) => {
          const rects = a.getClientRects();
          const lh = parseFloat(getComputedStyle(a).lineHeight) || 20;
          // An entry that wraps flows as text, so its number stays on its first line.
          return { wraps: a.getBoundingClientRect().height > lh * 1.5, inline: rects.length > 1, text: a.textContent.slice(0, 30) };
        });
        const dots = [];
        let starts = 0;
        for (const meta of document.querySelectorAll(".page-meta, .summary__meta, .feed-links")) {
          const kids = [...meta.children].filter((k) => k.getBoundingClientRect().width > 0);
          const left = Math.min(...kids.map((k) => k.getBoundingClientRect().left));
          kids.forEach((k, i) => {
            if (i === 0 || Math.abs(k.getBoundingClientRect().left - left) > 2) return;
            starts++;
            const before = getComputedStyle(k, "::before");
            if (before.content !== "none" && (parseFloat(before.width) > 0 || before.content !== '""')) dots.push(k.textContent.trim().slice(0, 30));
          });
        }
        return { toc, dots, starts };
      });
      for (const t of m.toc) {
        if (t.wraps) wrapped++;
        if (t.wraps && !t.inline) problems.push(`${url}: contents entry "${t.text}" wraps as a block`);
      }
      lineStarts += m.starts;
      for (const d of m.dots) problems.push(`${url}: a dot starts a line before "${d}"`);
    }
    assert.ok(wrapped > 0, "no contents entry wraps at 320 pixels");
    assert.ok(lineStarts > 0, "no meta line wraps at 320 pixels");
    assert.deepEqual(problems, []);
  });
});
