// The default theme's accessibility, proven on the example site in a real browser:
// axe-core (WCAG 2.0, 2.1 and 2.2 A and AA rules) on every page type in light and dark,
// the skip link first in the tab order, focus visible on every control, no sideways
// scrolling at 320 CSS pixels (a phone, and 1280 pixels at 400% zoom), one h1 and a
// lang on every page, and no request to any host but 127.0.0.1. It also writes
// screenshots of the home, an incident, the plan and the status page to
// tests/browser/screenshots/ so a person can look.
//
// The built site is served from a temporary folder by a tiny node:http server on
// 127.0.0.1; Debian's chromium runs through playwright-core. axe-core is injected from
// node_modules as a script's text, so it needs no network either.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, daylight, here, repo, serve } from "./support.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const SCREENSHOTS = path.join(here, "screenshots");

// One page of every type in the example site (and a few with Markdown features that
// generate their own markup: task lists, footnotes, code, tables, images).
const PAGES = [
  ["home", "/"],
  ["section list", "/blog/"],
  ["section list, page 2", "/blog/page/2/"],
  ["post with an image and a task list", "/blog/2024-02-accessible-forms/"],
  ["post with footnotes", "/blog/2024-01-23-signing-the-digital-declaration/"],
  ["post with code and footnotes", "/blog/2025-02-11-moving-off-our-legacy-cms/"],
  ["weeknote", "/blog/2024-04-05-weeknote-2024-w14/"],
  ["incident", "/incidents/2024-03-payments/"],
  ["incident list", "/incidents/"],
  ["incident filter", "/incidents/severity/p2/"],
  ["actions tracker", "/incidents/actions/"],
  ["statistics", "/incidents/statistics/"],
  ["incident open data", "/incidents/open-data/"],
  ["incident with updates, still open", "/incidents/2026-11-parking-permit-emails-delayed/"],
  ["planned maintenance", "/incidents/2026-12-council-tax-portal-upgrade/"],
  ["status page", "/status/"],
  ["plan", "/plan/digital-roadmap-2024-2027/"],
  ["framework section", "/framework/"],
  ["framework page with the principles matrix", "/framework/principles-matrix/"],
  ["framework page with a Markdown table", "/framework/digital-inclusion/"],
  ["tag list", "/tags/"],
  ["tag page", "/tags/accessibility/"],
  ["author page", "/authors/amara-okafor/"],
  ["about", "/about/"],
  ["search", "/search/"],
  ["accessibility statement", "/accessibility/"],
  ["404", "/404.html"],
  // The Welsh pages of the bilingual example (issue 18): lang="cy", the switcher, the
  // theme's Welsh words.
  ["Welsh home", "/cy/"],
  ["Welsh section list", "/cy/blog/"],
  ["Welsh weeknote", "/cy/blog/2024-03-08-weeknote-2024-w10/"],
  ["Welsh planned maintenance", "/cy/incidents/2026-12-council-tax-portal-upgrade/"],
  ["Welsh incident list, its banner's English report marked", "/cy/incidents/"],
  ["Welsh status page", "/cy/status/"],
  ["Welsh incident filter, English reports marked", "/cy/incidents/severity/p2/"],
  ["Welsh actions tracker", "/cy/incidents/actions/"],
  ["Welsh incident statistics", "/cy/incidents/statistics/"],
  ["Welsh plan", "/cy/plan/digital-roadmap-2024-2027/"],
  ["Welsh about, with an English phrase marked", "/cy/about/"],
  ["Welsh accessibility statement", "/cy/accessibility/"],
  ["Welsh search", "/cy/search/"],
  ["Welsh tag page", "/cy/tags/cyllideb/"],
];

let work, out, server, base, browser;
const outside = [];

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "daylight-a11y-"));
  out = path.join(work, "public");
  // As of the day the example's reports were written for, so the status page, the home
  // page and the incident lists are checked with their banner, an open incident, planned
  // maintenance and a notice, whatever the date the test runs.
  execFileSync(daylight(), ["build", "--quiet", "--root", repo, "--output", out,
    "--now", "2026-11-30T12:00:00Z"], { stdio: "inherit" });
  server = await serve(out);
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch(CHROMIUM);
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** A browser context whose every request is checked to stay on 127.0.0.1. */
async function newContext(options = {}) {
  const context = await browser.newContext(options);
  context.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(`${base}/`) && !url.startsWith("data:") && !url.startsWith("about:")) {
      outside.push(url);
    }
  });
  return context;
}

/** Opens `url` and waits until it has loaded, with nothing left to fetch. */
async function visit(page, url) {
  const response = await page.goto(`${base}${url}`, { waitUntil: "networkidle" });
  assert.equal(response.status(), 200, `${url} answered ${response.status()}`);
}

/** axe's violations, one block each, for a person to read. */
function describe(violations, label) {
  return violations.map((v) => {
    const nodes = v.nodes.map((n) => {
      const summary = (n.failureSummary || "").split("\n").map((l) => `        ${l}`).join("\n");
      return `    - ${n.target.join(" ")}\n      ${n.html.slice(0, 300)}\n${summary}`;
    }).join("\n");
    return `${label}: ${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n${nodes}`;
  }).join("\n\n");
}

/** Runs axe on the page as it is now, with every <details> opened so its content counts. */
async function axe(page) {
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    const incomplete = r.incomplete.map((i) => ({
      id: i.id,
      nodes: i.nodes.map((n) => `${n.target.join(" ")}: ${(n.any[0] || n.all[0] || n.none[0] || {}).message || ""}`),
    }));
    return { violations: r.violations, incomplete };
  }, AXE_TAGS);
}

test("the status page checked shows an open incident, planned maintenance and a notice", async () => {
  const context = await newContext();
  try {
    const page = await context.newPage();
    await visit(page, "/status/");
    const headings = await page.locator("main h2").allTextContents();
    for (const h of ["Open incidents", "Planned maintenance", "Notices"]) {
      assert.ok(headings.includes(h), `no "${h}" on /status/: ${headings.join(", ")}`);
    }
    await visit(page, "/");
    assert.equal(await page.locator(".status-banner").count(), 1, "the home page's banner");
  } finally {
    await context.close();
  }
});

for (const scheme of ["light", "dark"]) {
  test(`axe finds no WCAG 2.2 AA violations on any page type (${scheme})`, async () => {
    const context = await newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
    const failures = [];
    try {
      const page = await context.newPage();
      for (const [name, url] of PAGES) {
        await visit(page, url);
        if (url === "/search/") {
          // With results showing, so the list the script writes is checked too.
          await page.locator("#search-input").fill("payment");
          await page.locator("#search-results a").first().waitFor({ state: "visible" });
        }
        const { violations, incomplete } = await axe(page);
        if (violations.length) failures.push(describe(violations, `${name} ${url} [${scheme}]`));
        if (process.env.AXE_VERBOSE && incomplete.length) {
          // What axe could not decide by itself, for a person to look at.
          for (const i of incomplete) console.log(`${url} [${scheme}] needs review: ${i.id}\n  ${i.nodes.join("\n  ")}`);
        }
      }
    } finally {
      await context.close();
    }
    assert.equal(failures.length, 0, `axe violations:\n\n${failures.join("\n\n")}`);
  });
}

test("every page: html has lang, exactly one h1, the skip link first, the statement in the footer", () => {
  const pages = [];
  (function walk(dir) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".html")) pages.push(p);
    }
  })(out);
  assert.ok(pages.length > 50, `only ${pages.length} pages`);
  const problems = [];
  for (const file of pages) {
    const html = fs.readFileSync(file, "utf8");
    const rel = path.relative(out, file);
    // The Welsh pages (under cy/) are in Welsh, and link the Welsh statement.
    const welsh = rel.split(path.sep)[0] === "cy";
    const lang = welsh ? "cy" : "en-GB";
    if (!html.includes(`<html lang="${lang}">`)) problems.push(`${rel}: no lang="${lang}" on <html>`);
    const h1s = (html.match(/<h1[\s>]/g) || []).length;
    if (h1s !== 1) problems.push(`${rel}: ${h1s} h1 elements`);
    // Alias redirects only point elsewhere: a main with its heading, but no site around it.
    if (/<meta http-equiv="refresh"/i.test(html)) {
      if (!/<main>/.test(html)) problems.push(`${rel}: a redirect page with no main`);
      continue;
    }
    const body = html.slice(html.indexOf("<body"));
    const firstLink = body.match(/<a\s[^>]*>/);
    if (!firstLink || !/class="skip-link"/.test(firstLink[0])) problems.push(`${rel}: the first link is not the skip link`);
    const footer = html.slice(html.indexOf('<footer class="site-footer">'));
    const statement = welsh
      ? '<a href="/cy/accessibility/">Datganiad hygyrchedd</a>'
      : '<a href="/accessibility/">Accessibility statement</a>';
    if (!footer.includes(statement)) {
      problems.push(`${rel}: no link to the accessibility statement in the footer`);
    }
  }
  assert.deepEqual(problems, []);
});

/** What makes focus visible: the styles that change when an element takes focus. */
function focusStyle(el) {
  const s = getComputedStyle(el);
  return {
    outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
    boxShadow: s.boxShadow,
    background: s.backgroundColor,
    border: `${s.borderBottomStyle} ${s.borderBottomWidth} ${s.borderBottomColor}`,
  };
}

for (const scheme of ["light", "dark"]) {
  test(`tabbing: the skip link comes first and every control shows its focus (${scheme})`, async () => {
    const context = await newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
    const problems = [];
    try {
      const page = await context.newPage();
      for (const url of ["/", "/incidents/2024-03-payments/", "/incidents/statistics/",
        "/plan/digital-roadmap-2024-2027/", "/blog/", "/search/",
        "/blog/2025-02-11-moving-off-our-legacy-cms/"]) {
        await visit(page, url);
        await page.keyboard.press("Tab");
        const first = await page.evaluate(() => ({
          cls: document.activeElement.className,
          href: document.activeElement.getAttribute("href"),
          visible: (() => {
            const r = document.activeElement.getBoundingClientRect();
            return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0;
          })(),
        }));
        if (first.cls !== "skip-link" || first.href !== "#main") {
          problems.push(`${url}: first Tab reached ${JSON.stringify(first)}, not the skip link`);
        }
        if (!first.visible) problems.push(`${url}: the focused skip link is not on screen`);

        // The skip link moves focus to main.
        await page.keyboard.press("Enter");
        const afterSkip = await page.evaluate(() => document.activeElement.id);
        if (afterSkip !== "main") problems.push(`${url}: the skip link moved focus to #${afterSkip}`);

        // Tab through every control from the top, comparing each one's look focused
        // and not focused.
        await page.evaluate(() => document.activeElement.blur());
        await visit(page, url);
        const seen = new Set();
        for (let i = 0; i < 200; i++) {
          await page.keyboard.press("Tab");
          const result = await page.evaluate((fnSource) => {
            const style = new Function(`return (${fnSource})`)();
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const path = [];
            for (let n = el; n && n.nodeType === 1 && n !== document.body; n = n.parentElement) {
              const i = Array.prototype.indexOf.call(n.parentElement.children, n);
              path.unshift(`${n.tagName.toLowerCase()}:${i}`);
            }
            const focused = style(el);
            const r = el.getBoundingClientRect();
            el.blur();
            const unfocused = style(el);
            el.focus({ focusVisible: true });
            return {
              key: path.join(">"),
              label: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} ${(el.textContent || "").trim().slice(0, 40)}`,
              changed: Object.keys(focused).filter((k) => focused[k] !== unfocused[k]),
              size: [Math.round(r.width), Math.round(r.height)],
            };
          }, focusStyle.toString());
          if (!result || seen.has(result.key)) break;
          seen.add(result.key);
          if (result.changed.length === 0) problems.push(`${url}: no visible focus on ${result.label}`);
        }
        if (seen.size < 5) problems.push(`${url}: only ${seen.size} controls reached by Tab`);
      }
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, []);
  });
}

// A phone, and a 1280 by 1024 desktop at 400% zoom (320 by 256 CSS pixels). On the
// phone axe runs again, as the layout (and so target sizes) differ there.
for (const [label, options, withAxe] of [
  ["320 pixels wide", { viewport: { width: 320, height: 640 } }, true],
  ["1280 pixels at 400% zoom", { viewport: { width: 320, height: 256 }, deviceScaleFactor: 4 }, false],
]) {
  for (const scheme of ["light"]) {
    test(`nothing scrolls sideways at ${label}${withAxe ? ", and axe passes there" : ""}`, async () => {
      const context = await newContext({ ...options, colorScheme: scheme });
      const problems = [];
      try {
        const page = await context.newPage();
        for (const [name, url] of PAGES) {
          await visit(page, url);
          await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
          const m = await page.evaluate(() => {
            const d = document.documentElement;
            // The widest element that is not clipped by a scrolling box around it (an
            // absolutely positioned one may escape it), to say what pushes the page out.
            const clipped = (el) => {
              if (["absolute", "fixed"].includes(getComputedStyle(el).position)) return false;
              for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
                if (getComputedStyle(a).overflowX !== "visible") return true;
              }
              return false;
            };
            let widest = null;
            for (const el of document.body.querySelectorAll("*")) {
              const r = el.getBoundingClientRect();
              if (r.right > d.clientWidth + 1 && (!widest || r.right > widest.right) && !clipped(el)) {
                widest = { right: Math.round(r.right), tag: el.tagName.toLowerCase(), cls: el.className && String(el.className) };
              }
            }
            return { scrollWidth: d.scrollWidth, clientWidth: d.clientWidth, widest };
          });
          if (m.scrollWidth > m.clientWidth) {
            problems.push(`${name} ${url}: ${m.scrollWidth} > ${m.clientWidth} (widest: ${JSON.stringify(m.widest)})`);
          }
          if (withAxe) {
            const { violations } = await axe(page);
            if (violations.length) problems.push(describe(violations, `${name} ${url} [${label}]`));
          }
        }
      } finally {
        await context.close();
      }
      assert.deepEqual(problems, []);
    });
  }
}

test("screenshots of the home, an incident, the plan and the status page, on a desktop and a phone", async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  for (const scheme of ["light", "dark"]) {
    for (const width of [1280, 375]) {
      const context = await newContext({ colorScheme: scheme, viewport: { width, height: 900 } });
      try {
        const page = await context.newPage();
        for (const [name, url] of [["home", "/"], ["incident", "/incidents/2024-03-payments/"],
          ["plan", "/plan/digital-roadmap-2024-2027/"], ["status", "/status/"]]) {
          await visit(page, url);
          const suffix = scheme === "light" ? "" : "-dark";
          const file = path.join(SCREENSHOTS, `${name}-${width}${suffix}.png`);
          await page.screenshot({ path: file, fullPage: true });
          assert.ok(fs.statSync(file).size > 1000, `${file} is empty`);
        }
      } finally {
        await context.close();
      }
    }
  }
});

// Last, so it covers every page every test above opened.
test("no page asked for anything from a host other than 127.0.0.1", () => {
  assert.deepEqual(outside, [], "requests left 127.0.0.1");
});
