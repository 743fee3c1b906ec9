#!/usr/bin/env node
// okr due --format teams is an Adaptive Card that Microsoft Teams reads: parsed by the official
// adaptivecards library (npm, pinned in tests/node/package-lock.json), it must be of version 1.5
// or lower, give no parse event (an unknown element, action or value is one), pass the library's
// validation, and lose nothing when the library writes it back (a property it does not know is
// dropped then). Run on the golden repository of okr due and on a generated one of 150 overdue
// teams with long, hostile names, where the card must end with "and 110 more".
//
// usage: node due-teams.js OKR GOLDEN_REPO NODE_MODULES
"use strict";
const childProcess = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const [okr, golden, nodeModules] = process.argv.slice(2);
// The webpack bundle: lib/ holds ES modules Node cannot load without a bundler.
const AC = require(path.resolve(nodeModules, "adaptivecards", "dist", "adaptivecards.js"));
const failures = [];

function run(repo, args) {
  const result = childProcess.spawnSync(
      okr, ["due", "--no-cache", "--root", repo, "--format", "teams", ...args], {
        encoding: "utf8",
        env: {...process.env, OKR_TODAY: "2026-11-20", NO_COLOR: "1", LC_ALL: "C.UTF-8"},
      });
  if (result.status !== 0) {
    failures.push(`okr due ${args.join(" ")}: exit status ${result.status}: ${result.stderr}`);
  }
  return result.stdout;
}

// Every property of `written` is in `read`, with the same value ("version" aside: the library
// writes the version it targets).
function lost(written, read, where) {
  const out = [];
  if (written === null || typeof written !== "object") {
    if (written !== read) {
      out.push(`${where}: ${JSON.stringify(written)} read back as ${JSON.stringify(read)}`);
    }
    return out;
  }
  for (const key of Object.keys(written)) {
    if (where === "card" && key === "version") {
      continue;
    }
    if (read === null || typeof read !== "object" || !(key in read)) {
      out.push(`${where}.${key}: not read by adaptivecards`);
    } else {
      out.push(...lost(written[key], read[key], `${where}.${key}`));
    }
  }
  return out;
}

function checkCard(what, text) {
  const json = JSON.parse(text);
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const fail = (message) => failures.push(`${what}: ${message}`);
  if (json.type !== "AdaptiveCard") {
    fail(`type is ${json.type}, not AdaptiveCard`);
  }
  if (!card.version || card.version.major !== 1 || card.version.minor > 5) {
    fail(`version ${card.version}, not 1.5 or lower`);
  }
  for (let i = 0; i < context.eventCount; ++i) {
    const event = context.getEventAt(i);
    fail(`parse: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  for (const event of card.validateProperties().validationEvents) {
    fail(`validation: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  for (const problem of lost(json, card.toJSON(new AC.SerializationContext()), "card")) {
    fail(problem);
  }
  return JSON.stringify(json);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "okr-due-teams-"));
try {
  for (const args of [[], ["--include-private"], ["--as-of", "2026-10-02"]]) {
    checkCard(["golden", ...args].join(" "), run(golden, args));
  }
  // 150 teams, none checked in: every one overdue, with long and hostile names.
  const big = path.join(work, "big");
  fs.mkdirSync(path.join(big, "okrs", "2026-Q4"), {recursive: true});
  fs.writeFileSync(path.join(big, "okr.yaml"), "organization: Big Co\n");
  for (let n = 0; n < 150; ++n) {
    const id = `team-${String(n).padStart(3, "0")}`;
    const name = `Team ${n} & <Co> \\a\\e[31m ` + "very long name ".repeat(60);
    fs.writeFileSync(path.join(big, "okrs", "2026-Q4", `${id}.yaml`),
                     `cycle: 2026-Q4\nowner: ${id}\nname: "${name}"\nlevel: team\n` +
                         "objectives:\n  - id: grow\n    title: Grow the business we are in\n" +
                         "    key_results:\n      - id: users\n" +
                         "        title: Grow users from 10 to 20\n" +
                         "        baseline: 10\n        target: 20\n");
  }
  const text = checkCard("150 teams", run(big, []));
  if (!text.includes("and 110 more")) {
    failures.push("150 teams: the card does not end with \"and 110 more\"");
  }
  if (/\\u001b|\\u0007/.test(text)) {
    failures.push("150 teams: a control character reached the card");
  }
} finally {
  fs.rmSync(work, {recursive: true, force: true});
}

for (const f of failures) {
  console.log(f);
}
console.log(failures.length ? `${failures.length} problems`
                            : "ok: okr due --format teams is an Adaptive Card 1.5 adaptivecards reads");
process.exit(failures.length ? 1 : 0);
