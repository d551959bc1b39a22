// Records a steering meeting in headless Debian Chromium as a signed-in editor: opens
// the plan's meeting form, changes every commitment's figure (+1, at most 100) and the
// first unfinished activity of each to "complete", attaches the minutes, publishes
// (ticking "Publish anyway" when the form asks), then reads the report page.
// Prints one JSON object: page loads, submissions, what the pages showed.
// usage: AUTHORIZATION=<token> node meeting_journey.mjs BASE_URL PLAN MEETING_DATE MINUTES_FILE [SHOTS_DIR]
import { chromium } from "playwright-core";

const [base, plan, meetingDate, minutes, shots] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const out = { loads: 0, submissions: 0, rows: 0, activitiesChanged: 0, asked: false };
try {
  const page = await browser.newPage({
    viewport: { width: Number(process.env.WIDTH || 1280), height: 900 },
    extraHTTPHeaders: { Authorization: process.env.AUTHORIZATION },
  });
  page.on("framenavigated", (frame) => { if (frame === page.mainFrame()) out.loads += 1; });
  await page.goto(`${base}/ar/plan/${plan}/meeting`, { waitUntil: "load" });
  out.formText = await page.evaluate(() => document.body.innerText);
  out.overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.fill("#field-meeting_date", meetingDate);
  const rows = await page.locator(".opendataplan-meeting__commitment").count();
  out.rows = rows;
  for (let i = 0; i < rows; i += 1) {
    const progress = page.locator(`#updates-${i}-progress`);
    const now = Number((await progress.inputValue()) || 0);
    await progress.fill(String(Math.min(100, now + 1)));
    await page.fill(`#updates-${i}-narrative`, `قرار الاجتماع ${i + 1}`);
    const statuses = page.locator(`select[id^="updates-${i}-activities-"][id$="-status"]`);
    for (let j = 0; j < (await statuses.count()); j += 1) {
      if ((await statuses.nth(j).inputValue()) !== "complete") {
        await statuses.nth(j).selectOption("complete");
        const id = await statuses.nth(j).getAttribute("id");
        await page.fill(`#${id.replace(/-status$/, "-progress")}`, "100");
        out.activitiesChanged += 1;
        break;
      }
    }
  }
  const publish = async () => {
    await page.setInputFiles("#field-minutes", minutes);
    out.submissions += 1;
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("form.opendataplan-meeting button[type=submit]")]);
  };
  await publish();
  if (shots) await page.screenshot({ path: `${shots}/meeting_asked.png`, fullPage: true });
  if (await page.locator("#confirm_not_current").count()) {
    out.asked = true;
    out.askedText = await page.locator(".opendataplan-confirm").innerText();
    out.keptProgress = await page.locator("#updates-0-progress").inputValue();
    out.keptNarrative = await page.locator("#updates-0-narrative").inputValue();
    await page.check("#confirm_not_current");
    await publish();
  }
  out.url = page.url();
  out.h1 = await page.locator("h1").first().innerText();
  out.minutes = await page.locator(".opendataplan-minutes").innerText();
  const link = page.locator(".opendataplan-minutes a").first();
  out.minutesHref = await link.getAttribute("href");
  const download = await page.request.get(new URL(out.minutesHref, page.url()).toString());
  out.minutesStatus = download.status();
  out.minutesHead = (await download.body()).subarray(0, 5).toString();
  out.outranked = await page.locator(".opendataplan-standing--outranked").allInnerTexts();
  out.standing = await page.locator(".opendataplan-standing").allInnerTexts();
  if (shots) await page.screenshot({ path: `${shots}/meeting_report.png`, fullPage: true });
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
