// The default theme under stress: the site scripts/stress_site.py writes (hostile strings,
// long titles, 40 tags, a 15-column table, a 300-character word, Arabic and Hebrew, an
// incident with 30 actions, three list pages) checked by axe-core (WCAG 2.2 AA) on every
// page type, in light, dark and forced colours, at 320 and 1280 CSS pixels, and with
// nothing scrolling sideways at 320. Served on 127.0.0.1 as in a11y.test.mjs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { repo, startSite } from "./support.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const PAGES = [
  "/", "/blog/", "/blog/page/3/", "/blog/hostile-0/", "/blog/hostile-5/", "/blog/2024-03-01-long/",
  "/blog/2024-03-03-stretch/", "/blog/2024-03-04-rtl/", "/incidents/", "/incidents/2024-04-01-outage/",
  "/incidents/2024-06-01-many-actions/", "/incidents/2024-04-03-maintenance/", "/incidents/actions/",
  "/incidents/statistics/", "/status/", "/plan/roadmap/", "/about/", "/tags/", "/tags/topic-1/",
  "/authors/ann-script-alert-x-script-b-bold-b-mrhb-shlvm-evil/", "/search/", "/404.html",
];

let site, base, browser;

before(async () => {
  // The stress site, written by the script scripts/validate-standards also uses.
  site = await startSite({ prefix: "stress", prepare: (work) => {
    const src = path.join(work, "src");
    execFileSync("python3", [path.join(repo, "scripts", "stress_site.py"), src], { stdio: "inherit" });
    return src;
  } });
  ({ base, browser } = site);
});

after(async () => {
  if (site) await site.close();
});

for (const width of [320, 1280]) {
  for (const colours of ["light", "dark", "forced"]) {
    test(`the stress site at ${width} pixels in ${colours} colours: no axe violations${width === 320 ? ", nothing scrolls sideways" : ""}`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 800 } });
      const problems = [];
      try {
        const page = await context.newPage();
        await page.emulateMedia(colours === "forced"
          ? { forcedColors: "active", colorScheme: "light" }
          : { forcedColors: "none", colorScheme: colours });
        for (const url of PAGES) {
          const response = await page.goto(`${base}${url}`, { waitUntil: "load" });
          if (response.status() !== 200) { problems.push(`${url}: ${response.status()}`); continue; }
          await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
          if (width === 320) {
            const m = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
            if (m.sw > m.cw) problems.push(`${url}: scrolls sideways (${m.sw} > ${m.cw})`);
          }
          await page.addScriptTag({ content: AXE_SOURCE });
          const violations = await page.evaluate(async (tags) => {
            // eslint-disable-next-line no-undef
            const r = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
            return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
          }, AXE_TAGS);
          for (const v of violations) problems.push(`${url}: ${v}`);
        }
      } finally {
        await context.close();
      }
      assert.deepEqual(problems, []);
    });
  }
}
