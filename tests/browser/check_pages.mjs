// Opens each page in headless Debian Chromium, runs axe-core, checks that the keyboard
// reaches a link, and saves a full-page screenshot when SCREENSHOT_DIR is not "-".
// Prints one JSON object per page.
// usage: node check_pages.mjs BASE_URL SCREENSHOT_DIR PATH...
// WIDTHS (say "375"): the widths to open each page at, 375 and 1280 px unless told.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [base, shots, ...paths] = process.argv.slice(2);
const widths = (process.env.WIDTHS || "375 1280").split(/\s+/).map(Number);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  for (const width of widths) {
    // AUTHORIZATION (an API token): the pages as that signed-in user sees them
    const extraHTTPHeaders = process.env.AUTHORIZATION ? { Authorization: process.env.AUTHORIZATION } : {};
    // a phone's screen is 375 x 667 (what its first screen shows); a desktop's 1280 x 900
    const height = width === 375 ? 667 : 900;
    // one tab per width, going from page to page as a reader does (CKAN's styles and
    // scripts come from the browser's cache after the first page)
    const context = await browser.newContext({ viewport: { width, height }, extraHTTPHeaders });
    const page = await context.newPage();
    for (const path of paths) {
      const response = await page.goto(base + path, { waitUntil: "load" });
      const name = path.replace(/[^a-z0-9]+/gi, "_") + `_${width}`;
      if (shots !== "-") await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
      await page.addScriptTag({ content: axeSource });
      const axe = await page.evaluate(async () => {
        const result = await window.axe.run(document, {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
      });
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => document.activeElement && document.activeElement.tagName);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      const seen = await page.evaluate(() => {
        const shown = (el) => {
          if (!el) return false;
          const box = el.getBoundingClientRect();
          const style = getComputedStyle(el);
          return box.width > 0 && box.height > 0 && style.visibility !== "hidden" && style.display !== "none";
        };
        // CKAN hides the h1 of its list pages on purpose (the breadcrumb names them)
        const h1 = document.querySelector("h1:not(.hide-heading)");
        const rtl = document.documentElement.dir === "rtl";
        // a progress bar's fill starts where the page's lines start: the right in Arabic
        const misplacedFills = [...document.querySelectorAll(".opendataplan-progress__track")]
          .filter((track) => shown(track))
          .filter((track) => {
            const bar = track.querySelector(".opendataplan-progress__bar").getBoundingClientRect();
            const box = track.getBoundingClientRect();
            if (bar.width === 0) return false;
            return rtl ? Math.abs(bar.right - box.right) > 1 : Math.abs(bar.left - box.left) > 1;
          }).length;
        const values = [...document.querySelectorAll(".opendataplan-progress__value")];
        // the page's own content (CKAN's header and footer left out), and the direction
        // each piece of user text takes (dir="auto") against CKAN's right-to-left CSS
        const main = document.querySelector(".main") || document.body;
        const directions = [...main.querySelectorAll("[dir=auto]")].filter(shown).slice(0, 300)
          .map((el) => [el.innerText.trim().slice(0, 80), getComputedStyle(el).direction]);
        // what of the content sticks out of the screen's sides (a table too wide for a
        // phone), and the text of the cells, items and paragraphs on the first screen
        const describe = (el) => el.tagName.toLowerCase() + (el.className && typeof el.className === "string"
          ? "." + el.className.trim().split(/\s+/).join(".") : "");
        const clipped = (el) => {  // screen-reader text: a table's head in cards, say
          for (let at = el; at; at = at.parentElement) {
            const style = getComputedStyle(at);
            if (style.clipPath !== "none" || (style.clip && style.clip !== "auto")) return true;
          }
          return false;
        };
        // the page's content (CKAN's account bar folds its own items away on a phone)
        const content = document.querySelector(".main") || document.body;
        const wide = [...content.querySelectorAll("*")].filter((el) => {
          const box = el.getBoundingClientRect();
          return shown(el) && box.width > 1 && (box.right > window.innerWidth + 1 || box.left < -1)
            && !clipped(el);
        }).slice(0, 10).map((el) => `${describe(el)} ${Math.round(el.getBoundingClientRect().width)}px`);
        const firstScreen = [...document.querySelectorAll("td, th, li, p, h1, h2, dd")]
          .filter((el) => shown(el) && el.getBoundingClientRect().top < window.innerHeight)
          .map((el) => el.innerText).join("\n");
        return {
          text: document.body.innerText,
          mainText: main.innerText,
          directions,
          h1Top: h1 ? h1.getBoundingClientRect().top + window.scrollY : null,
          h1Visible: shown(h1),
          progressShown: values.length === 0 || values.some(shown),
          levelShown: [...document.querySelectorAll(".opendataplan-level")].every(shown),
          misplacedFills,
          wide,
          firstScreen,
          // the narrowest progress bar of a table's rows (a pill of 25 px is unreadable)
          narrowestBar: Math.min(...[...document.querySelectorAll("td .opendataplan-progress__track")]
            .filter(shown).map((track) => Math.round(track.getBoundingClientRect().width))),
        };
      });
      console.log(JSON.stringify({ path, width, status: response.status(), axe, focused,
                                   overflow, dir: await page.getAttribute("html", "dir"), ...seen }));
    }
    await context.close();
  }
} finally {
  await browser.close();
}
