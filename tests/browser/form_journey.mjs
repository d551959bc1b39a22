// An editor's journey through the plugin's forms in headless Chromium, in Arabic, with
// scripts on or off (SCRIPTS=off: the plain HTML forms): a plan with an Arabic-only title
// (its address made from it), optionally (REFUSE=1) with an untouched "add a row" row
// and through one refused save; then COMMITMENTS commitments of three activities each. Counts every
// page load (a navigation the editor starts) and form submission (a POST navigation),
// and prints one JSON object of what the pages showed.
// usage: node form_journey.mjs BASE_URL INSTITUTION_ID SHOTS_DIR|-   (env: AUTHORIZATION,
//        SCRIPTS=on|off, REFUSE=1|0, PREVIEW=1|0: press "compute the figure", COMMITMENTS=1)
import { chromium } from "playwright-core";

const [base, institution, shots] = process.argv.slice(2);
const scripts = process.env.SCRIPTS !== "off";
const refuse = process.env.REFUSE !== "0";
const preview = process.env.PREVIEW !== "0";
const commitments = Number(process.env.COMMITMENTS || "1");
const TITLE = "خطة الوزارة للبيانات المفتوحة";
const NOTES = { ar: "وصف الخطة", fr: "Description du plan", en: "The plan's description" };
const ACTIVITIES = [
  ["جرد المعطيات", "2026-01-01", "2026-03-31", "complete", "100", "3"],
  ["نشر المعطيات", "2026-04-01", "2026-06-30", "in_progress", "50", ""],
  ["تكوين الأعوان", "2026-07-01", "2026-12-31", "not_started", "0", ""],
];
const KEYS = ["title", "start_date", "end_date", "status", "progress", "weight"];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const report = { loads: 0, submissions: 0, steps: [], commitments: [] };
try {
  const extraHTTPHeaders = process.env.AUTHORIZATION ? { Authorization: process.env.AUTHORIZATION } : {};
  const context = await browser.newContext({
    viewport: { width: 375, height: 900 }, javaScriptEnabled: scripts, extraHTTPHeaders,
  });
  const page = await context.newPage();
  page.on("request", (request) => {
    if (!request.isNavigationRequest() || request.frame() !== page.mainFrame()) return;
    if (request.redirectedFrom()) return; // the page after a save is part of the save
    if (request.method() === "POST") report.submissions += 1;
    else report.loads += 1;
    report.steps.push(`${request.method()} ${new URL(request.url()).pathname}`);
  });
  const shot = async (name) => {
    if (shots === "-") return;
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${shots}/journey_${name}_${width}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 375, height: 900 });
  };
  const submit = async (selector) => {
    await Promise.all([page.waitForNavigation(), page.click(selector)]);
  };
  const valueOf = (name) => page.$eval(`[name="${name}"]`, (el) => el.value);
  const save = "#dataset-edit .opendataplan-form__actions button[type=submit]";

  // the plan
  await page.goto(`${base}/ar/plan/new`);
  await page.fill('[name="title_translated-ar"]', TITLE);
  for (const [lang, text] of Object.entries(NOTES)) await page.fill(`[name="notes_translated-${lang}"]`, text);
  await page.selectOption('[name="plan_kind"]', "institutional_annual");
  await page.selectOption('[name="owner_org"]', institution);
  await page.fill('[name="period_start"]', "2026-01-01");
  await page.fill('[name="period_end"]', refuse ? "2025-01-01" : "2026-12-31");
  if (refuse) {
    await submit('button[name="_opendataplan_add"][value="calendar"]');
    report.calendarRows = await page.$$eval('[name^="calendar-"][name$="-activity"]', (els) => els.length);
    await submit(save);
    report.refused = {
      summary: await page.$eval(".opendataplan-error-summary", (el) => el.innerText).catch(() => ""),
      title: await valueOf("title_translated-ar"),
      notes: Object.fromEntries(await Promise.all(Object.keys(NOTES).map(
        async (lang) => [lang, await valueOf(`notes_translated-${lang}`)]))),
      period: [await valueOf("period_start"), await valueOf("period_end")],
      kind: await valueOf("plan_kind"),
      text: await page.innerText("body"),
    };
    await shot("plan_refused");
    await page.fill('[name="period_end"]', "2026-12-31");
  }
  await submit(save);
  report.plan = { path: new URL(page.url()).pathname, h1: await page.innerText("h1") };
  const planName = report.plan.path.split("/").pop();

  // its commitments, three activities each
  for (let number = 1; number <= commitments; number += 1) {
    await page.goto(`${base}/ar/commitment/new?plan=${planName}`);
    await page.fill('[name="title_translated-ar"]', `الالتزام ${number}`);
    for (const [index, row] of ACTIVITIES.entries()) {
      const add = 'button[name="_opendataplan_add"][value="milestones"]';
      if (scripts) await page.click(add);
      else await submit(add);
      for (const [key, value] of KEYS.map((k, i) => [k, row[i]])) {
        const name = `milestones-${index}-${key}`;
        if (key === "status") await page.selectOption(`[name="${name}"]`, value);
        else await page.fill(`[name="${name}"]`, value);
      }
    }
    const figure = () => page.innerText("[data-opendataplan-figure]");
    const entry = { live: scripts ? await figure() : null };
    if (preview) {
      await submit('button[name="_opendataplan_preview"]');
      entry.preview = await figure();
      entry.formText = await page.innerText("body");
      entry.kept = await page.$$eval(".opendataplan-activities__table tbody tr", (rows) => rows.map(
        (row) => [...row.querySelectorAll("input, select")].map((el) => el.value)));
      if (number === 1) await shot("commitment_preview");
    }
    await submit(save);
    entry.path = new URL(page.url()).pathname;
    entry.text = await page.innerText("body");
    report.commitments.push(entry);
  }
  console.log(JSON.stringify(report));
} finally {
  await browser.close();
}
