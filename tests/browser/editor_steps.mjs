// An editor's steps in headless Chromium: signs in through CKAN's own login form, then
// for each step opens a page, fills fields, chooses files, presses a button, and reports
// what the page then shows (its address, the main area's text, the values asked for).
// usage: node editor_steps.mjs BASE_URL   (env: LOGIN, PASSWORD, STEPS: a JSON list of
//   {goto, fill: {selector: value}, check: [selector], files: {selector: path},
//    submit: selector, values: [selector]}), prints one JSON list, a report per step.
import { chromium } from "playwright-core";

const [base] = process.argv.slice(2);
const steps = JSON.parse(process.env.STEPS);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const reports = [];
try {
  const page = await (await browser.newContext({ viewport: { width: 375, height: 900 } })).newPage();
  await page.goto(`${base}/ar/user/login`);
  await page.fill("#field-login", process.env.LOGIN);
  await page.fill("#field-password", process.env.PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click("form:has(#field-password) button[type=submit]")]);
  for (const step of steps) {
    if (step.goto) await page.goto(base + step.goto);
    for (const [selector, value] of Object.entries(step.fill || {})) await page.fill(selector, value);
    for (const selector of step.check || []) await page.check(selector);
    for (const [selector, path] of Object.entries(step.files || {})) await page.setInputFiles(selector, path);
    if (step.submit) await Promise.all([page.waitForNavigation(), page.click(step.submit)]);
    const values = {};
    for (const selector of step.values || []) {
      values[selector] = await page.$eval(selector, (el) => (el.type === "radio" ? el.checked : el.value));
    }
    const text = await page.evaluate(() => (document.querySelector(".main") || document.body).innerText);
    const summary = await page.evaluate(() => document.querySelector(".opendataplan-error-summary")?.innerText || "");
    reports.push({ url: page.url(), text, summary, values });
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(reports));
