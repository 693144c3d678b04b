// Haven search. The index of this locale lives in small files below data-index (same origin):
// meta.json (tokenizer tables written by the build, first term of each term shard), term shards
// t<n>.json and page shards d<n>.json. Nothing is fetched before the visitor uses the box; a query
// fetches the term shards of its words and the page shards of the results shown. Words are
// tokenized with the build's own tables (src/search/tokens.rs), so both sides agree.
(function () {
  "use strict";
  var WORD = /[\p{Alphabetic}\p{N}\p{M}]/u, MARK = /\p{M}/u, NUM = /^\p{N}+$/u;

  // The tokenizer of src/search/tokens.rs, over the tables `T` it writes into meta.json.
  function makeTokenizer(T) {
    var map = new Map(T.map);
    function inRanges(cp, ranges) {
      for (var i = 0; i < ranges.length; i++) if (cp >= ranges[i][0] && cp <= ranges[i][1]) return true;
      return false;
    }
    function inRange(ch, r) { var cp = ch.codePointAt(0); return cp >= r[0] && cp <= r[1]; }
    function fold(s) {
      var out = "";
      for (var c of s.normalize("NFKD").toLowerCase()) {
        if (inRanges(c.codePointAt(0), T.drop)) continue;
        out += map.has(c) ? map.get(c) : c;
      }
      return out.normalize("NFC");
    }
    function stripArabic(w) {
      if (!w || !inRange(w, T.arabic)) return w;
      var len = Array.from(w).length;
      function strip(list, min) {
        for (var i = 0; i < list.length; i++) {
          var p = list[i];
          if (w.lastIndexOf(p, 0) === 0 && len - Array.from(p).length >= min) return w.slice(p.length);
        }
        return null;
      }
      var s = strip(T.articles, T.article_min);
      if (s === null) s = strip(T.clitics, T.clitic_min);
      return s === null ? w : s;
    }
    // Folded text -> [{word: "..."} | {run: [chars]}]
    function segments(folded) {
      var chars = Array.from(folded), out = [], word = "", run = [];
      function flushWord() { if (word) { out.push({ word: word }); word = ""; } }
      function flushRun() { if (run.length) { out.push({ run: run }); run = []; } }
      for (var i = 0; i < chars.length; i++) {
        var c = chars[i];
        if (inRanges(c.codePointAt(0), T.bigram) || (run.length && MARK.test(c))) {
          flushWord(); run.push(c);
        } else if (WORD.test(c)) {
          flushRun(); word += c;
        } else if (T.joiners.indexOf(c) >= 0 && i > 0 && inRange(chars[i - 1], T.join_script) && i + 1 < chars.length && inRange(chars[i + 1], T.join_script)) {
          continue;
        } else {
          flushWord(); flushRun();
        }
      }
      flushWord(); flushRun();
      return out;
    }
    function segmentTerms(seg, out) {
      if (seg.word !== undefined) {
        var w = stripArabic(seg.word), cps = Array.from(w);
        if (cps.length > 1 || NUM.test(w)) out.push(cps.length > T.max_len ? cps.slice(0, T.max_len).join("") : w);
      } else if (seg.run.length === 1) {
        out.push(seg.run[0]);
      } else {
        for (var i = 0; i + 1 < seg.run.length; i++) out.push(seg.run[i] + seg.run[i + 1]);
      }
    }
    function terms(text) {
      var out = [];
      segments(fold(text)).forEach(function (s) { segmentTerms(s, out); });
      return out;
    }
    return { fold: fold, segments: segments, terms: terms };
  }

  if (typeof module === "object" && module.exports) module.exports = { makeTokenizer: makeTokenizer };
  if (typeof document === "undefined") return;

  var form = document.querySelector("[data-search]");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[type=search]");
  var list = document.querySelector("[data-search-results]");
  var status = document.querySelector("[data-search-status]");
  var lang = document.documentElement.lang;
  var base = form.getAttribute("data-index");
  var SHOWN = 30, EXCERPTS = 5, PREFIX_SHARDS = 3;
  var files = {}, meta = null, tok = null, timer = 0, latest = 0;

  form.hidden = false;
  var nojs = document.querySelector("[data-search-nojs]");
  if (nojs) nojs.hidden = true;

  function get(name) {
    if (!files[name]) {
      files[name] = fetch(base + name, { credentials: "omit" }).then(function (r) {
        if (!r.ok) throw new Error(name + ": " + r.status);
        return r.json();
      });
      files[name].catch(function () { delete files[name]; });
    }
    return files[name];
  }
  function loadMeta() {
    return get("meta.json").then(function (m) { meta = m; tok = tok || makeTokenizer(m.tables); return m; });
  }
  // Compares by code point, as the build sorts (UTF-16 order differs above U+FFFF).
  function cmp(a, b) {
    var i = 0, j = 0;
    for (;;) {
      if (i >= a.length) return j >= b.length ? 0 : -1;
      if (j >= b.length) return 1;
      var x = a.codePointAt(i), y = b.codePointAt(j);
      if (x !== y) return x < y ? -1 : 1;
      i += x > 0xffff ? 2 : 1;
      j += y > 0xffff ? 2 : 1;
    }
  }
  // The term shard that holds `term` (the last whose first term is not after it), and the next
  // shards that only hold terms starting with it, a few at most.
  function shardsFor(term) {
    var firsts = meta.terms, lo = 0, hi = firsts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (cmp(firsts[mid], term) <= 0) lo = mid; else hi = mid - 1;
    }
    var out = [lo];
    for (var k = lo + 1; k < firsts.length && firsts[k].lastIndexOf(term, 0) === 0 && out.length < PREFIX_SHARDS; k++) out.push(k);
    return out;
  }
  // page -> best field (3 title, 2 heading, 1 body) of the terms starting with `term`.
  function matches(term) {
    if (!meta.terms.length) return Promise.resolve(new Map());
    return Promise.all(shardsFor(term).map(function (k) { return get("t" + k + ".json"); })).then(function (shards) {
      var found = new Map();
      shards.forEach(function (shard) {
        shard.forEach(function (entry) {
          if (entry[0].lastIndexOf(term, 0) !== 0) return;
          var page = 0;
          entry[1].split(",").forEach(function (g) {
            var v = parseInt(g, 36), field = v % 3 + 1;
            page += (v - v % 3) / 3;
            if (!(found.get(page) >= field)) found.set(page, field);
          });
        });
      });
      return found;
    });
  }
  function search(q) {
    var terms = Array.from(new Set(tok.terms(q)));
    if (!terms.length) return Promise.resolve({ terms: terms, hits: [] });
    return Promise.all(terms.map(matches)).then(function (maps) {
      var hits = [];
      maps[0].forEach(function (field, page) {
        var score = field;
        for (var i = 1; i < maps.length; i++) {
          var f = maps[i].get(page);
          if (f === undefined) return;
          score += f;
        }
        hits.push({ page: page, score: score });
      });
      hits.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
      return { terms: terms, hits: hits };
    });
  }
  function row(page) {
    return get("d" + Math.floor(page / meta.per) + ".json").then(function (rows) { return rows[page % meta.per]; });
  }

  // Query pieces to mark: the folded words and the runs of scripts written without spaces.
  function marker(q) {
    var terms = tok.terms(q), runs = [];
    tok.segments(tok.fold(q)).forEach(function (s) { if (s.run) runs.push(s.run.join("")); });
    return { terms: terms, runs: runs };
  }
  var PIECES = /([\p{Alphabetic}\p{N}\p{M}'\u2019\u02bc\u00ad\u200c\u200d]+)/u;
  function wordMatches(part, m) {
    return tok.terms(part).some(function (w) { return m.terms.some(function (t) { return w.lastIndexOf(t, 0) === 0; }); });
  }
  // [start, end) ranges of `part` to mark.
  function ranges(part, m) {
    var folded = tok.fold(part), out = [];
    if (m.runs.length && folded.length === part.length) {
      m.runs.forEach(function (r) {
        for (var at = folded.indexOf(r); at >= 0; at = folded.indexOf(r, at + r.length)) out.push([at, at + r.length]);
      });
      out.sort(function (a, b) { return a[0] - b[0]; });
      if (out.length) return out;
    }
    return wordMatches(part, m) ? [[0, part.length]] : [];
  }
  // Appends `text` to `el` with the matches in <mark> (DOM nodes only, never HTML).
  function marked(el, text, m) {
    text.split(PIECES).forEach(function (part, i) {
      if (!part) return;
      var rs = i % 2 ? ranges(part, m) : [], at = 0;
      rs.forEach(function (r) {
        if (r[0] < at) return;
        if (r[0] > at) el.appendChild(document.createTextNode(part.slice(at, r[0])));
        var mk = document.createElement("mark");
        mk.textContent = part.slice(r[0], r[1]);
        el.appendChild(mk);
        at = r[1];
      });
      if (at < part.length) el.appendChild(document.createTextNode(part.slice(at)));
    });
  }
  // Where the first match of `text` starts, or -1.
  function firstMatch(text, m) {
    var parts = text.split(PIECES), at = 0;
    for (var i = 0; i < parts.length; i++) {
      if (i % 2) { var rs = ranges(parts[i], m); if (rs.length) return at + rs[0][0]; }
      at += parts[i].length;
    }
    return -1;
  }
  // The page's text as blocks (paragraphs, list items, cells, headings, image alt text), so an
  // excerpt never runs one block into the next.
  var BLOCK = "p,li,td,th,h1,h2,h3,h4,h5,h6,dt,dd,figcaption,pre,blockquote,caption";
  function blocks(main) {
    var out = [], last = null, walker = main.ownerDocument.createTreeWalker(main, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (var n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeType === 1) {
        if (n.tagName === "IMG" && n.alt) { out.push(n.alt); last = null; }
        continue;
      }
      var block = n.parentElement.closest(BLOCK) || main;
      if (block === last) out[out.length - 1] += n.data;
      else { out.push(n.data); last = block; }
    }
    return out.map(function (b) { return b.replace(/\s+/g, " ").trim(); }).filter(Boolean);
  }
  // About 200 characters of `text` around `at`, cut at spaces.
  function around(text, at) {
    var start = Math.max(0, at - 70), end = Math.min(text.length, at + 130);
    if (start > 0) { var s = text.indexOf(" ", start); start = s >= 0 && s < at ? s + 1 : start; }
    if (end < text.length) { var e = text.lastIndexOf(" ", end); end = e > at ? e : end; }
    return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
  }
  function excerpt(p, url, m, seq) {
    fetch(url, { credentials: "omit" }).then(function (r) { return r.text(); }).then(function (html) {
      if (seq !== latest) return;
      var doc = new DOMParser().parseFromString(html, "text/html");
      var main = doc.querySelector("main .prose") || doc.querySelector("main");
      if (!main) return;
      var bs = blocks(main);
      for (var i = 0; i < bs.length; i++) {
        var at = firstMatch(bs[i], m);
        if (at >= 0) {
          p.textContent = "";
          marked(p, around(bs[i], at), m);
          return;
        }
      }
    }).catch(function () {});
  }
  function plural(n) {
    var cat = new Intl.PluralRules(lang).select(n);
    var tpl = status.getAttribute("data-" + cat) || status.getAttribute("data-other");
    var sample = status.getAttribute("data-sample-" + cat) || status.getAttribute("data-sample-other");
    return tpl.replace(sample, String(n));
  }
  function show(q) {
    var seq = ++latest;
    loadMeta().then(function () { return search(q); }).then(function (r) {
      var top = r.hits.slice(0, SHOWN);
      return Promise.all(top.map(function (h) { return row(h.page); })).then(function (rows) {
        if (seq !== latest) return;
        var m = marker(q);
        list.textContent = "";
        rows.forEach(function (d, i) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = d[1];
          marked(a, d[0], m);
          var p = document.createElement("p");
          marked(p, d[2], m);
          li.appendChild(a);
          li.appendChild(p);
          list.appendChild(li);
          if (i < EXCERPTS) excerpt(p, d[1], m, seq);
        });
        status.textContent = r.terms.length ? (r.hits.length ? plural(r.hits.length) : status.getAttribute("data-none")) : "";
        list.setAttribute("data-query", q);
      });
    }).catch(function () {});
  }
  input.addEventListener("focus", function () { loadMeta().catch(function () {}); }, { once: true });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value); }, 150);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); show(input.value); });
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; show(q); }
})();
