#!/usr/bin/env python3
"""Edit-to-reload latency of `haven serve`: file saved -> `reload` event on the SSE stream.

    python3 benches/reload_latency.py SITE_DIR [--edits 15] [--binary target/perf/haven] [--title]

Starts `haven serve` (the `perf` profile's binary by default) on SITE_DIR (any free port), waits for the first build,
listens on /__haven/events, then edits one page body at a time (a different page each time,
appending a line) and times each save until its reload event arrives. Prints the median, the
minimum and maximum, the median of the rebuild time the server reports (the rest is the watcher's
quiet period, `--debounce-ms`, and the event's way back), and the server's peak memory (also as it
was after the first build). Restores the edited files afterwards.
"""

import argparse
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def events(port):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /__haven/events HTTP/1.1\r\nHost: localhost:%d\r\n\r\n" % port)
    return s.makefile("rb")


def next_event(stream, kind, timeout):
    deadline = time.monotonic() + timeout
    event = None
    while time.monotonic() < deadline:
        line = stream.readline()
        if not line:
            raise SystemExit("the event stream closed")
        line = line.decode("utf-8").rstrip("\r\n")
        if line.startswith("event: "):
            event = line[7:]
        elif line.startswith("data: ") and event in kind:
            return event, line[6:]
    raise SystemExit("no %s event within %s s" % (kind, timeout))


def vm_hwm(pid):
    """A process's peak resident memory so far, as /proc prints it (`123456 kB`)."""
    with open("/proc/%d/status" % pid) as f:
        return [l.split(None, 1)[1].strip() for l in f if l.startswith("VmHWM")][0]


def edit(text, title):
    """The page with a line appended to its body, or with its title changed."""
    if not title:
        return text + "\nAn edited paragraph.\n"
    return re.sub(r'^title = "', 'title = "Edited ', text, count=1, flags=re.M)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("--edits", type=int, default=15)
    ap.add_argument("--binary", default=os.path.join(REPO, "target", "perf", "haven"))
    ap.add_argument("--title", action="store_true", help="edit each page's title instead of its body")
    args = ap.parse_args()
    proc = subprocess.Popen([args.binary, "serve", "--root", args.site, "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    originals = {}
    try:
        line = proc.stdout.readline()
        port = int(line.strip().rstrip("/").rsplit(":", 1)[1])
        stream = events(port)
        next_event(stream, ("hello",), 60)
        first_peak = vm_hwm(proc.pid)
        pages = []
        for d, _, names in os.walk(os.path.join(args.site, "content")):
            pages += [os.path.join(d, n) for n in names if n.endswith(".md") and not n.startswith("_index")]
        random.seed(7)
        times = []
        server = []
        for p in random.sample(sorted(pages), args.edits):
            with open(p, encoding="utf-8") as f:
                text = f.read()
            originals[p] = text
            start = time.monotonic()
            with open(p, "w", encoding="utf-8") as f:
                f.write(edit(text, args.title))
            kind, data = next_event(stream, ("reload", "build-error"), 60)
            times.append((time.monotonic() - start) * 1000)
            if kind != "reload":
                raise SystemExit("build error after editing %s: %s" % (p, data))
            server.append(json.loads(data).get("ms", 0))
            time.sleep(0.2)
        peak = vm_hwm(proc.pid)
        times.sort()
        print("edit-to-reload on %s: median %.1f ms, min %.1f, max %.1f over %d edits (rebuild as the server times it: "
              "median %d ms); server peak memory %s (%s after the first build)"
              % (args.site, statistics.median(times), times[0], times[-1], len(times), statistics.median(server), peak,
                 first_peak))
    finally:
        proc.terminate()
        proc.wait()
        for p, text in originals.items():
            with open(p, "w", encoding="utf-8") as f:
                f.write(text)


if __name__ == "__main__":
    main()
