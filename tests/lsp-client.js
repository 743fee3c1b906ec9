#!/usr/bin/env node
// okr lsp driven by a real client: vscode-jsonrpc and vscode-languageserver-protocol (npm,
// pinned in tests/node/package-lock.json), the libraries VS Code's language client is built on.
// On a copy of examples/: initialize, diagnostics of an unsaved buffer and their clearing, a
// removed objective shown in the file that aligns to it, completion, definition, references,
// document and workspace symbols, hover, a cancelled request, code actions, an unknown method,
// shutdown and exit.
//
// usage: node lsp-client.js OKR EXAMPLES NODE_MODULES
"use strict";
const childProcess = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const [okr, examples, nodeModules] = process.argv.slice(2);
const rpc = require(path.resolve(nodeModules, "vscode-jsonrpc", "node"));
const lsp = require(path.resolve(nodeModules, "vscode-languageserver-protocol", "node"));

const failures = [];
function check(condition, what) {
  if (!condition) {
    failures.push(what);
  }
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), "okr-lsp-client-"));
fs.cpSync(examples, root, {recursive: true});
const uriOf = (rel) => "file://" + path.join(root, rel).split(path.sep).map(encodeURIComponent).join("/");
const payments = "okrs/2026-Q4/payments.yaml";
const digital = "okrs/2026-Q4/digital-services.yaml";
const paymentsText = fs.readFileSync(path.join(root, payments), "utf8");
const digitalText = fs.readFileSync(path.join(root, digital), "utf8");

const server = childProcess.spawn(okr, ["lsp", "--log-level", "warn"], {
  env: {...process.env, OKR_TODAY: "2026-11-20", LC_ALL: "C.UTF-8"},
  stdio: ["pipe", "pipe", "inherit"],
});
const connection = lsp.createProtocolConnection(new rpc.StreamMessageReader(server.stdout),
                                                new rpc.StreamMessageWriter(server.stdin));
const diagnostics = new Map(); // uri → the latest list
const waiters = [];
connection.onNotification(lsp.PublishDiagnosticsNotification.type, (params) => {
  diagnostics.set(params.uri, params.diagnostics);
  for (const waiter of waiters.splice(0)) {
    waiter();
  }
});
connection.listen();

/// Waits until `test` holds of the diagnostics (checked on each publication), or fails.
function until(what, test) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      failures.push(`timed out waiting for ${what}`);
      resolve();
    }, 5000);
    const poll = () => {
      if (test()) {
        clearTimeout(timer);
        resolve();
      } else {
        waiters.push(poll);
      }
    };
    poll();
  });
}

const codes = (rel) => (diagnostics.get(uriOf(rel)) || []).map((d) => d.code);
const lineOf = (text, needle) => text.split("\n").findIndex((line) => line.includes(needle));

async function main() {
  const init = await connection.sendRequest(lsp.InitializeRequest.type, {
    processId: process.pid, rootUri: uriOf(""), capabilities: {}, workspaceFolders: null,
  });
  const caps = init.capabilities;
  check(caps.textDocumentSync.change === lsp.TextDocumentSyncKind.Full, "full document sync");
  for (const name of ["definitionProvider", "referencesProvider", "documentSymbolProvider",
    "workspaceSymbolProvider", "hoverProvider", "completionProvider", "codeActionProvider"]) {
    check(caps[name], `capability ${name}`);
  }
  connection.sendNotification(lsp.InitializedNotification.type, {});

  // An unsaved buffer with a broken reference.
  const broken = paymentsText.replace("digital-services/delight-new-customers",
                                      "digital-services/delight-new-customer");
  connection.sendNotification(lsp.DidOpenTextDocumentNotification.type, {
    textDocument: {uri: uriOf(payments), languageId: "yaml", version: 1, text: broken},
  });
  await until("the broken reference", () => codes(payments).includes("unresolved-ref"));
  const finding = (diagnostics.get(uriOf(payments)) || []).find((d) => d.code === "unresolved-ref");
  const alignsLine = lineOf(broken, "digital-services/delight-new-customer");
  if (finding) {
    check(finding.source === "okr" && finding.severity === lsp.DiagnosticSeverity.Error,
          "the finding's source and severity");
    check(finding.range.start.line === alignsLine && finding.range.start.character === 15 &&
          finding.range.end.character === 15 + "digital-services/delight-new-customer".length,
          `the finding's range: ${JSON.stringify(finding.range)}`);
    const actions = await connection.sendRequest(lsp.CodeActionRequest.type, {
      textDocument: {uri: uriOf(payments)}, range: finding.range,
      context: {diagnostics: [finding]},
    });
    const fix = actions.find((a) => a.title.includes("digital-services/delight-new-customers"));
    check(fix && fix.edit.changes[uriOf(payments)][0].newText ===
          "digital-services/delight-new-customers", "the did-you-mean quick fix");
    check(actions.some((a) => a.title.includes("okr: ignore[unresolved-ref]")),
          "the ignore comment action");
  }

  // Fixed: cleared.
  connection.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
    textDocument: {uri: uriOf(payments), version: 2}, contentChanges: [{text: paymentsText}],
  });
  await until("the fix to clear the finding", () => !codes(payments).includes("unresolved-ref"));

  // Removing the objective it aligns to shows the error in payments.yaml.
  const removed = digitalText.replace("id: delight-new-customers", "id: delight-someone-else");
  connection.sendNotification(lsp.DidOpenTextDocumentNotification.type, {
    textDocument: {uri: uriOf(digital), languageId: "yaml", version: 1, text: removed},
  });
  await until("the error in the aligned file", () => codes(payments).includes("unresolved-ref"));
  connection.sendNotification(lsp.DidCloseTextDocumentNotification.type,
                              {textDocument: {uri: uriOf(digital)}});
  await until("the close to clear it", () => !codes(payments).includes("unresolved-ref"));

  const at = {line: lineOf(paymentsText, "aligns_to: digital-services/delight"), character: 22};
  const completion = await connection.sendRequest(lsp.CompletionRequest.type, {
    textDocument: {uri: uriOf(payments)}, position: {line: at.line, character: 21},
  });
  const items = Array.isArray(completion) ? completion : completion.items;
  const item = items.find((i) => i.label === "digital-services/delight-new-customers");
  check(item && item.detail && item.detail.length > 0, "completion of an objective reference");

  const definition = await connection.sendRequest(lsp.DefinitionRequest.type, {
    textDocument: {uri: uriOf(payments)}, position: at,
  });
  const target = Array.isArray(definition) ? definition[0] : definition;
  check(target && target.uri === uriOf(digital) &&
        target.range.start.line === lineOf(digitalText, "id: delight-new-customers"),
        `definition: ${JSON.stringify(definition)}`);

  const references = await connection.sendRequest(lsp.ReferencesRequest.type, {
    textDocument: {uri: uriOf(digital)},
    position: {line: lineOf(digitalText, "id: delight-new-customers"), character: 10},
    context: {includeDeclaration: false},
  });
  check(references && references.some((r) => r.uri === uriOf(payments)),
        "references include payments.yaml");

  const krLine = lineOf(paymentsText, "id: first-week-payers");
  const hover = await connection.sendRequest(lsp.HoverRequest.type, {
    textDocument: {uri: uriOf(payments)}, position: {line: krLine, character: 14},
  });
  check(hover && hover.contents.value.includes("score"), `hover: ${JSON.stringify(hover)}`);

  // $/cancelRequest. okr lsp reads the messages already waiting before it answers a request
  // (and before the check that a request after an edit waits for): a cancellation among them
  // makes the answer RequestCancelled; one that comes after the answer changes nothing. The
  // server is stopped while the client writes a request, its cancellation and a second request,
  // so that all three wait when it resumes.
  const hoverParams = {textDocument: {uri: uriOf(payments)}, position: {line: krLine, character: 14}};
  server.kill("SIGSTOP");
  const source = new rpc.CancellationTokenSource();
  const cancelled = connection.sendRequest(lsp.HoverRequest.type, hoverParams, source.token);
  source.cancel();
  const next = connection.sendRequest(lsp.HoverRequest.type, hoverParams);
  await new Promise((resolve) => setTimeout(resolve, 300));
  server.kill("SIGCONT");
  try {
    const answer = await cancelled;
    check(false, `a request cancelled while it waited was answered: ${JSON.stringify(answer)}`);
  } catch (error) {
    check(error.code === lsp.LSPErrorCodes.RequestCancelled,
          `RequestCancelled (-32800) for a cancelled request: ${error.code} ${error.message}`);
  }
  const nextHover = await next;
  check(nextHover && nextHover.contents.value === hover.contents.value,
        `the request after a cancelled one: ${JSON.stringify(nextHover)}`);
  // Cancelled after its answer was written: the result stands, and the server goes on.
  const late = new rpc.CancellationTokenSource();
  const lateHover = await connection.sendRequest(lsp.HoverRequest.type, hoverParams, late.token);
  late.cancel();
  check(lateHover && lateHover.contents.value === hover.contents.value,
        `a request cancelled after its answer: ${JSON.stringify(lateHover)}`);
  // A cancellation of a request never sent, or of one already answered, is ignored.
  connection.sendNotification("$/cancelRequest", {id: 999999});

  // A check-in's results: key names the owner's key result.
  const checkin = "checkins/2026-Q4/business-banking/2026-11-06.yaml";
  const checkinText = fs.readFileSync(path.join(root, checkin), "utf8");
  const checkinDefinition = await connection.sendRequest(lsp.DefinitionRequest.type, {
    textDocument: {uri: uriOf(checkin)},
    position: {line: lineOf(checkinText, "smb-first-choice/new-accounts"), character: 22},
  });
  check(checkinDefinition && checkinDefinition.uri === uriOf("okrs/2026-Q4/business-banking.yaml"),
        `definition from a check-in: ${JSON.stringify(checkinDefinition)}`);

  const checkinHover = await connection.sendRequest(lsp.HoverRequest.type, {
    textDocument: {uri: uriOf(checkin)},
    position: {line: lineOf(checkinText, "smb-first-choice/new-accounts"), character: 22},
  });
  check(checkinHover && checkinHover.contents.value.includes("latest 1105"),
        `hover on a results: key: ${JSON.stringify(checkinHover)}`);
  // Completion of a results: key in an unsaved check-in: the owner's key results.
  const draft = checkinText.replace("results:\n", "results:\n  smb\n");
  connection.sendNotification(lsp.DidOpenTextDocumentNotification.type, {
    textDocument: {uri: uriOf(checkin), languageId: "yaml", version: 1, text: draft},
  });
  const resultKeys = await connection.sendRequest(lsp.CompletionRequest.type, {
    textDocument: {uri: uriOf(checkin)},
    position: {line: lineOf(draft, "results:") + 1, character: 5},
  });
  const keys = (Array.isArray(resultKeys) ? resultKeys : resultKeys.items).map((i) => i.label);
  check(keys.includes("smb-first-choice/new-accounts") && keys.includes("easiest-to-borrow/time-to-cash") &&
        !keys.some((k) => k.startsWith("first-payment/")), `results: keys: ${keys}`);
  connection.sendNotification(lsp.DidCloseTextDocumentNotification.type,
                              {textDocument: {uri: uriOf(checkin)}});

  const symbols = await connection.sendRequest(lsp.DocumentSymbolRequest.type, {
    textDocument: {uri: uriOf(payments)},
  });
  check(symbols.length >= 2 && symbols[0].name === "first-payment" &&
        symbols[0].children.length === 3, "document symbols");
  const workspace = await connection.sendRequest(lsp.WorkspaceSymbolRequest.type,
                                                 {query: "first-payment"});
  check(workspace.some((s) => s.name === "payments/first-payment"), "workspace symbols");

  try {
    await connection.sendRequest("okr/noSuchMethod", {});
    check(false, "an unknown method is an error");
  } catch (error) {
    check(error.code === rpc.ErrorCodes.MethodNotFound, `MethodNotFound: ${error.code}`);
  }

  await connection.sendRequest(lsp.ShutdownRequest.type);
  const exited = new Promise((resolve) => server.on("exit", (code) => resolve(code)));
  connection.sendNotification(lsp.ExitNotification.type);
  const code = await exited;
  check(code === 0, `exit status ${code} after shutdown and exit`);
}

const deadline = setTimeout(() => {
  failures.push("the session took more than 20 seconds");
  server.kill();
}, 20000);
main().catch((error) => failures.push(`error: ${error.stack || error}`)).finally(() => {
  clearTimeout(deadline);
  connection.dispose();
  server.kill();
  fs.rmSync(root, {recursive: true, force: true});
  for (const failure of failures) {
    console.log(failure);
  }
  console.log(`okr lsp with vscode-languageserver-protocol: ${failures.length ? failures.length + " failures" : "ok"}`);
  process.exit(failures.length ? 1 : 0);
});
