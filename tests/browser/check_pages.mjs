// Opens each page in headless Debian Chromium, runs axe-core, checks that the keyboard
// reaches a link, and saves a full-page screenshot when SCREENSHOT_DIR is not "-".
// Prints one JSON object per page.
// usage: node check_pages.mjs BASE_URL SCREENSHOT_DIR PATH...
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [base, shots, ...paths] = process.argv.slice(2);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  for (const path of paths) {
    for (const width of [375, 1280]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
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
      console.log(JSON.stringify({ path, width, status: response.status(), axe, focused,
                                   overflow, dir: await page.getAttribute("html", "dir") }));
      await page.close();
    }
  }
} finally {
  await browser.close();
}
