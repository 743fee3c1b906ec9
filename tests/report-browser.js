#!/usr/bin/env node
// The quality bar of okr's HTML pages, checked in a real browser: Debian's chromium, driven by
// puppeteer-core (npm, pinned in tests/node/package-lock.json), loads each file given at 390,
// 768 and 1,280 px wide, in light and in dark mode (prefers-color-scheme), and asserts
//   - no horizontal page scroll: document.documentElement.scrollWidth <= the viewport's width;
//   - no request leaves the page: the file itself is the only request (the others are aborted);
//   - axe-core finds no WCAG 2.1 A or AA violation (tags wcag2a, wcag2aa, wcag21a, wcag21aa);
// and html-validate (its recommended rules) finds no error in the file. One Chromium serves
// every file, so a page of the static site is one more argument.
//
// usage: node report-browser.js NODE_MODULES [--dom DIR] FILE.html...
//   --dom DIR   also write the DOM Chromium built of each file to DIR/NAME.dom.html, for
//               the caller to look for content in
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const url = require("url");

const args = process.argv.slice(2);
const nodeModules = path.resolve(args.shift() || "");
let domDir = null;
if (args[0] === "--dom") {
  args.shift();
  domDir = args.shift();
}
const files = args.map((f) => path.resolve(f));
if (files.length === 0) {
  console.error("usage: node report-browser.js NODE_MODULES [--dom DIR] FILE.html...");
  process.exit(2);
}
const need = (name) => require(path.join(nodeModules, name));
const puppeteer = need("puppeteer-core");
const axeSource = need("axe-core").source;
const {HtmlValidate} = need("html-validate");

const widths = [390, 768, 1280];
const schemes = ["light", "dark"];
const wcag = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const failures = [];
const fail = (file, what) => failures.push(`${path.basename(file)}: ${what}`);

function chromiumPath() {
  for (const name of ["chromium", "chromium-browser"]) {
    for (const dir of (process.env.PATH || "").split(path.delimiter)) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      } catch (e) {
        // not here
      }
    }
  }
  return null;
}

async function validate(file) {
  const validator = new HtmlValidate({extends: ["html-validate:recommended"]});
  const report = await validator.validateFile(file);
  for (const result of report.results) {
    for (const m of result.messages) {
      if (m.severity >= 2) {
        fail(file, `html-validate ${m.ruleId} at ${m.line}:${m.column}: ${m.message}`);
      }
    }
  }
}

async function inBrowser(browser, file) {
  const fileUrl = url.pathToFileURL(file).href;
  const page = await browser.newPage();
  const elsewhere = [];
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    if (request.url() === fileUrl) {
      request.continue();
    } else {
      elsewhere.push(request.url());
      request.abort();
    }
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // Loaded once: the page has no script, so a new width or colour scheme only lays it out
  // again, and axe-core, injected once, stays.
  await page.setViewport({width: widths[widths.length - 1], height: 900});
  await page.goto(fileUrl, {waitUntil: "load"});
  if (domDir) {
    fs.writeFileSync(path.join(domDir, path.basename(file, ".html") + ".dom.html"),
                     await page.content());
  }
  await page.evaluate(axeSource);
  for (const scheme of schemes) {
    await page.emulateMediaFeatures([{name: "prefers-color-scheme", value: scheme}]);
    for (const width of widths) {
      await page.setViewport({width, height: 900});
      const where = `${width} px, ${scheme}`;
      const matches = await page.evaluate(
          (s) => window.matchMedia(`(prefers-color-scheme: ${s})`).matches, scheme);
      if (!matches) fail(file, `${where}: prefers-color-scheme was not emulated`);
      const overflow = await page.evaluate(() => {
        const root = document.documentElement;
        // What sticks out, to say where to look.
        const culprits = [];
        for (const e of document.body.querySelectorAll("*")) {
          const r = e.getBoundingClientRect();
          if (r.right > root.clientWidth + 0.5 && culprits.length < 3) {
            const id = e.id ? "#" + e.id : "";
            const classes = typeof e.className === "string" && e.className ?
                "." + e.className.split(" ").join(".") :
                "";
            culprits.push(`<${e.tagName.toLowerCase()}${id}${classes}> ends at ${
                Math.round(r.right)} px`);
          }
        }
        return {scroll: root.scrollWidth, width: window.innerWidth, culprits};
      });
      if (overflow.width !== width) {
        fail(file, `${where}: the viewport is ${overflow.width} px wide`);
      }
      if (overflow.scroll > overflow.width) {
        fail(file, `${where}: the page is ${overflow.scroll} px wide, wider than the ` +
                       `viewport: ${overflow.culprits.join(", ")}`);
      }
      const result = await page.evaluate(
          (tags) => window.axe.run(
              document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]}),
          wcag);
      for (const v of result.violations) {
        const nodes = v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}${
            n.failureSummary ? " (" + n.failureSummary.replace(/\s+/g, " ") + ")" : ""}`);
        fail(file, `${where}: axe ${v.id} (${v.impact}) on ${v.nodes.length} element(s): ` +
                       `${v.help}: ${nodes.join("; ")}`);
      }
    }
  }
  for (const r of new Set(elsewhere)) fail(file, `requested something else: ${r}`);
  for (const e of errors) fail(file, `page error: ${e}`);
  await page.close();
}

async function main() {
  const executablePath = chromiumPath();
  if (!executablePath) {
    console.error("report-browser: chromium is not installed (tools/deps test installs it)");
    process.exit(1);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "okr-chromium-"));
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    userDataDir: profile,
    // Every host name resolves to nothing: a request that slipped past the interception fails.
    args: ["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND"],
  });
  try {
    for (const file of files) {
      await validate(file);
      await inBrowser(browser, file);
    }
  } finally {
    await browser.close();
    fs.rmSync(profile, {recursive: true, force: true});
  }
  if (failures.length > 0) {
    for (const f of failures) console.error(`report-browser: ${f}`);
    process.exit(1);
  }
  console.log(`report-browser: ok (${files.length} file(s) at ${widths.join(", ")} px, ` +
              `light and dark)`);
}

main().catch((e) => {
  console.error(`report-browser: ${e.stack || e}`);
  process.exit(1);
});
