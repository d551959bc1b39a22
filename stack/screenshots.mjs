// Screenshots of the demo portal's citizen pages for the README's gallery.
// usage: node stack/screenshots.mjs BASE_URL OUT_DIR
// Each page in Arabic at 1280 and 375 px and in French at 1280 px, as JPEG (the first
// 2,400 px of long pages: what a reader sees before deciding to scroll further).
import { chromium } from "playwright-core";

const [base, out] = process.argv.slice(2);
const PAGES = {
  overview: "/progress",
  late: "/progress/late",
  scorecards: "/progress/institutions",
  plan: "/plan/ma-ogp-2018-2020",
  commitment: "/commitment/ma-ogp-2018-2020-c4-open-data",
  report: "/progress_report/ma-ogp-2018-2020-steering-2020-07-15",
  inventory: "/inventory/tn-mtc-inventory-2022",
  embed: "/embed/plan/ma-ogp-2018-2020",
  proposals: "/plan/ma-ogp-2021-2023/proposals",
  consultation: "/plan/ma-ogp-2021-2023/consultation",
};
const SHOTS = [["ar", 1280], ["ar", 375], ["fr", 1280]];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  for (const [name, path] of Object.entries(PAGES)) {
    for (const [lang, width] of SHOTS) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      const response = await page.goto(`${base}/${lang}${path}`, { waitUntil: "load" });
      if (response.status() !== 200) throw new Error(`${lang}${path}: HTTP ${response.status()}`);
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      const file = `${out}/${name}-${lang}-${width}.jpg`;
      await page.screenshot({ path: file, type: "jpeg", quality: 70,
                              clip: { x: 0, y: 0, width, height: Math.min(height, 2400) } });
      console.log(file);
      await page.close();
    }
  }
} finally {
  await browser.close();
}
