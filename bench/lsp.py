#!/usr/bin/env python3
"""Measures `okr lsp` on a generated repository (issue 27's speed budget), speaking LSP over
pipes: the time from initialize to the first publishDiagnostics, one-character edits of a team
file (each until its diagnostics arrive; also the server's CPU time per edit, which a loaded
machine inflates less than the wall time), completions, and the server's peak resident memory.

    bench/lsp.py OKR REPO [--edits N] [--completions N] [--file PATH]

Prints one JSON object. bench/run calls it; it also runs alone (with OKR_CACHE_DIR and
OKR_TODAY set as bench/run sets them).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time


class Client:
    def __init__(self, argv, cwd):
        self.proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 0

    def send(self, message):
        body = json.dumps(dict(message, jsonrpc="2.0")).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def request(self, method, params):
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.next_id

    def read(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                sys.exit("bench/lsp: okr lsp closed its output")
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        return json.loads(self.proc.stdout.read(length))

    def wait(self, predicate):
        while True:
            message = self.read()
            if predicate(message):
                return message

    def cpu_s(self):
        """The server's user and system CPU time so far."""
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return 0.0


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("okr")
    parser.add_argument("repo")
    parser.add_argument("--edits", type=int, default=100)
    parser.add_argument("--completions", type=int, default=20)
    parser.add_argument("--file", default=os.path.join("okrs", "2026-Q3", "team-00042.yaml"))
    args = parser.parse_args()
    repo = os.path.abspath(args.repo)
    path = os.path.join(repo, args.file)
    uri = "file://" + path
    with open(path) as f:
        clean = f.read()
    # The one-character edit: "level: team" loses its last letter (an error appears) and gets
    # it back (the error clears); each edit therefore publishes diagnostics for the file.
    broken = clean.replace("level: team\n", "level: tea\n", 1)
    if broken == clean:
        sys.exit(f"bench/lsp: no 'level: team' line in {path}")

    def diagnostics_of_file(message):
        return (message.get("method") == "textDocument/publishDiagnostics"
                and message["params"]["uri"] == uri)

    client = Client([args.okr, "lsp"], repo)
    start = time.perf_counter()
    client.request("initialize", {"processId": os.getpid(), "rootUri": "file://" + repo,
                                  "capabilities": {},
                                  "workspaceFolders": [{"uri": "file://" + repo, "name": "r"}]})
    client.wait(lambda m: m.get("id") == 1)
    client.notify("initialized", {})
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "yaml", "version": 1, "text": broken}})
    client.wait(diagnostics_of_file)
    first = time.perf_counter() - start
    if os.environ.get("BENCH_LSP_VERBOSE"):
        print(f"first diagnostics: {first:.3f} s", file=sys.stderr)

    edits = []
    version = 1
    cpu_before = client.cpu_s()
    for i in range(args.edits):
        version += 1
        text = clean if i % 2 == 0 else broken
        t0 = time.perf_counter()
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": text}]})
        client.wait(diagnostics_of_file)
        edits.append(time.perf_counter() - t0)
        if os.environ.get("BENCH_LSP_VERBOSE"):
            print(f"edit {i}: {edits[-1] * 1000:.0f} ms", file=sys.stderr)

    edit_cpu = (client.cpu_s() - cpu_before) / max(1, len(edits))

    # Owner ids after "parent: " (the file is clean again after an even number of edits).
    lines = (clean if args.edits % 2 == 0 else broken).splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("parent: "))
    completions = []
    for _ in range(args.completions):
        t0 = time.perf_counter()
        rid = client.request("textDocument/completion", {
            "textDocument": {"uri": uri}, "position": {"line": row, "character": len("parent: ")}})
        reply = client.wait(lambda m, rid=rid: m.get("id") == rid)
        completions.append(time.perf_counter() - t0)
        if not reply.get("result"):
            sys.exit(f"bench/lsp: no completion items: {reply}")

    rss = client.peak_rss_mb()
    client.request("shutdown", None)
    client.wait(lambda m: m.get("id") == client.next_id)
    client.notify("exit", None)
    client.proc.stdin.close()
    client.proc.wait(timeout=60)
    print(json.dumps({
        "first_diagnostics_s": first,
        "edit_median_ms": statistics.median(edits) * 1000,
        "edit_p95_ms": p95(edits) * 1000,
        "edits": len(edits),
        "edit_cpu_ms": edit_cpu * 1000,
        "completion_median_ms": statistics.median(completions) * 1000,
        "completions": len(completions),
        "peak_rss_mb": rss,
    }))


if __name__ == "__main__":
    main()
