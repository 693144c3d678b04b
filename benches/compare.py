#!/usr/bin/env python3
"""Haven vs Hugo on the synthetic corpus of ../shared/bench/make_corpus.py, side by side.

Generates the corpus (Haven layout and Hugo layout, same content), builds it with the release
`haven` and, when installed, `hugo`, several runs each (interleaved, output removed before each
run and not timed), and prints median wall time, CPU time (user + system) and peak memory, with
the ratios. Optionally measures the dev server's edit-to-reload latency (see reload_latency.py).

    python3 benches/compare.py                       # 1,000 and 10,000 pages x 5 locales, 5 runs
    python3 benches/compare.py --pages 1000 --runs 7 --dir /dev/shm/haven-bench --latency

Haven builds the corpus twice per run: with benches/theme (the same elements as the Hugo
templates: title, description, language switcher, date, tags, content, translations list; plus
what every Haven page carries: CSP, referrer policy, two quick-exit links) and the search index
off, since the Hugo site builds none; and with the built-in default theme and every feature on
(search index, feeds, sitemaps, helplines, every check), which is what users run. Haven runs its
checks (links, safety, lint) on every page in both.
Not a test: it takes minutes on the big corpus.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
MAKE_CORPUS = os.path.join(REPO, "..", "shared", "bench", "make_corpus.py")
LANG_NAMES = {"en": "English", "es": "Español", "ar": "العربية", "fr": "Français", "uk": "Українська"}


def site_toml(locales, theme):
    """The corpus' site.toml: the bare benchmark theme without search, or the built-in default
    theme with every feature on (search index, feeds, sitemaps, helplines, every check)."""
    out = [
        'title = "Campaign"',
        'description = "Synthetic campaign corpus"',
        'base_url = "https://campaign.example.org"',
        'default_locale = "%s"' % locales[0],
    ]
    if theme == "bench":
        out[3:3] = ['theme = "bench"']
        out += ["[search]", "enabled = false"]
    for code in locales:
        out += ["[[locales]]", 'code = "%s"' % code, 'name = "%s"' % LANG_NAMES.get(code, code)]
    return "\n".join(out) + "\n"


def corpus(work, layout, pages, locales, theme="bench"):
    """Generates (once) the corpus in `layout` and returns its folder."""
    out = os.path.join(work, "%s-%d" % (layout if layout == "hugo" else "%s-%s" % (layout, theme), pages))
    stamp = os.path.join(out, ".complete")
    if not os.path.exists(stamp):
        shutil.rmtree(out, ignore_errors=True)
        layout_arg = "plain" if layout == "haven" else layout
        subprocess.run([sys.executable, MAKE_CORPUS, out, "--layout", layout_arg, "--pages", str(pages),
                        "--locales", ",".join(locales)], check=True, stdout=subprocess.DEVNULL)
        if layout == "haven":
            with open(os.path.join(out, "site.toml"), "w", encoding="utf-8") as f:
                f.write(site_toml(locales, theme))
        open(stamp, "w").close()
    if layout == "haven" and theme == "bench":
        theme = os.path.join(out, "themes", "bench")
        shutil.rmtree(theme, ignore_errors=True)
        shutil.copytree(os.path.join(HERE, "theme"), theme)
    return out


def timed(cmd, cwd):
    """Runs `cmd` under /usr/bin/time: (wall s, cpu s, peak MiB)."""
    fmt = "HAVEN_BENCH %e %U %S %M"
    r = subprocess.run(["/usr/bin/time", "-f", fmt] + cmd, cwd=cwd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    line = [l for l in r.stderr.splitlines() if l.startswith("HAVEN_BENCH")][-1].split()
    if r.returncode != 0:
        tail = "\n".join(r.stderr.splitlines()[-5:])
        raise SystemExit("%s failed:\n%s" % (" ".join(cmd), tail))
    return float(line[1]), float(line[2]) + float(line[3]), int(line[4]) / 1024.0


def bench(pages, args, haven_bin, hugo_bin):
    locales = args.locales.split(",")
    sites = {"haven, bench theme": corpus(args.dir, "haven", pages, locales, "bench")}
    if not args.bench_only:
        sites["haven, default theme"] = corpus(args.dir, "haven", pages, locales, "default")
    results = {k: [] for k in sites}
    hugo_site = None
    if hugo_bin:
        hugo_site = corpus(args.dir, "hugo", pages, locales)
        results["hugo"] = []
    for _ in range(args.runs):
        for name, hsite in sites.items():
            shutil.rmtree(os.path.join(hsite, "public"), ignore_errors=True)
            subprocess.run(["sync"])
            results[name].append(timed([haven_bin, "build", "--root", hsite, "--output", os.path.join(hsite, "public")], hsite))
        if hugo_site:
            shutil.rmtree(os.path.join(hugo_site, "public"), ignore_errors=True)
            subprocess.run(["sync"])
            results["hugo"].append(timed([hugo_bin, "--quiet", "-s", hugo_site, "-d", os.path.join(hugo_site, "public")], hugo_site))
    total = pages * len(locales)
    med = {k: tuple(statistics.median(r[i] for r in v) for i in range(3)) for k, v in results.items()}
    print("\n%d pages x %d locales (%d pages), median of %d runs, output in %s" % (pages, len(locales), total, args.runs, args.dir))
    print("| tool | wall s | CPU s | peak MiB | ms per page (wall) |")
    print("|---|---|---|---|---|")
    for k, (w, c, m) in med.items():
        print("| %s | %.2f | %.2f | %.0f | %.3f |" % (k, w, c, m, 1000 * w / total))
    if "hugo" in med:
        gw, gc, gm = med["hugo"]
        for name in sites:
            hw, hc, hm = med[name]
            print("| Hugo / %s | %.1fx | %.1fx | %.1fx | |" % (name, gw / hw, gc / hc, gm / hm))
    return sites["haven, default theme" if "haven, default theme" in sites else "haven, bench theme"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", default="1000,10000", help="pages per locale, comma-separated")
    ap.add_argument("--locales", default="en,es,ar,fr,uk")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--dir", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "haven-bench"),
                    help="where corpora and outputs go (the same file system for both tools)")
    ap.add_argument("--bench-only", action="store_true", help="only the benchmark theme row for Haven")
    ap.add_argument("--latency", action="store_true", help="also measure edit-to-reload in `haven serve`")
    ap.add_argument("--edits", type=int, default=15, help="edits per latency measurement")
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    haven_bin = os.path.join(REPO, "target", "release", "haven")
    hugo_bin = shutil.which("hugo")
    if not hugo_bin:
        print("hugo is not installed: Haven only")
    print("machine: %d cores, load average %s" % (os.cpu_count(), " ".join("%.2f" % x for x in os.getloadavg())))
    for pages in [int(p) for p in args.pages.split(",")]:
        site = bench(pages, args, haven_bin, hugo_bin)
        if args.latency:
            subprocess.run([sys.executable, os.path.join(HERE, "reload_latency.py"), site, "--edits", str(args.edits)], check=True)


if __name__ == "__main__":
    main()
