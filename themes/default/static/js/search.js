// Haven search: loads this locale's search.json (same origin) and searches it as the visitor
// types. Words are folded like src/search.rs does: case, accents, Arabic marks and variants.
(function () {
  "use strict";
  var form = document.querySelector("[data-search]");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[type=search]");
  var list = document.querySelector("[data-search-results]");
  var status = document.querySelector("[data-search-status]");
  var lang = document.documentElement.lang;
  var index = null;
  var timer = 0;

  form.hidden = false;
  var nojs = document.querySelector("[data-search-nojs]");
  if (nojs) nojs.hidden = true;

  function fold(s) {
    return s.normalize("NFKD").toLowerCase()
      .replace(/[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u0640]/g, "")
      .replace(/[\u0623\u0625\u0622\u0671]/g, "\u0627").replace(/\u0649/g, "\u064a")
      .replace(/\u0629/g, "\u0647").replace(/\u0451/g, "\u0435").replace(/\u00df/g, "s");
  }
  function words(s) {
    return fold(s).split(/[^\p{L}\p{N}\p{M}]+/u).filter(function (w) {
      return w.length > 1 || /^\p{N}+$/u.test(w);
    });
  }
  function decode(gaps) {
    var out = [], id = 0;
    gaps.split(",").forEach(function (g, k) { id = k ? id + parseInt(g, 36) : parseInt(g, 36); out.push(id); });
    return out;
  }
  function load() {
    if (index) return Promise.resolve(index);
    return fetch(form.getAttribute("data-index"), { credentials: "omit" })
      .then(function (r) { return r.json(); })
      .then(function (j) { index = j; index.keys = Object.keys(j.words); return j; });
  }
  function matches(term) {
    var docs = new Set();
    index.keys.forEach(function (k) {
      if (k.lastIndexOf(term, 0) === 0) decode(index.words[k]).forEach(function (d) { docs.add(d); });
    });
    return docs;
  }
  function search(q) {
    var terms = words(q);
    if (!terms.length) return { terms: terms, hits: [] };
    var found = null;
    terms.forEach(function (t) {
      var m = matches(t);
      found = found ? new Set([...found].filter(function (d) { return m.has(d); })) : m;
    });
    var hits = [...found].map(function (d) {
      var title = words(index.docs[d][0]);
      var score = terms.filter(function (t) { return title.some(function (w) { return w.lastIndexOf(t, 0) === 0; }); }).length;
      return { doc: d, score: score };
    });
    hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    return { terms: terms, hits: hits.slice(0, 30) };
  }
  // Appends `text` to `el`, wrapping words that start with a search term in <mark>.
  function marked(el, text, terms) {
    text.split(/([^\p{L}\p{N}\p{M}]+)/u).forEach(function (part) {
      var f = fold(part);
      if (part && terms.some(function (t) { return f.lastIndexOf(t, 0) === 0; })) {
        var m = document.createElement("mark");
        m.textContent = part;
        el.appendChild(m);
      } else {
        el.appendChild(document.createTextNode(part));
      }
    });
  }
  function plural(n) {
    var cat = new Intl.PluralRules(lang).select(n);
    var tpl = status.getAttribute("data-" + cat) || status.getAttribute("data-other");
    var sample = status.getAttribute("data-sample-" + cat) || status.getAttribute("data-sample-other");
    return tpl.replace(sample, String(n));
  }
  // The sentence of the page that holds the first match, fetched for the top results.
  function excerpt(li, url, terms) {
    fetch(url, { credentials: "omit" }).then(function (r) { return r.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var main = doc.querySelector("main .prose") || doc.querySelector("main");
      if (!main) return;
      var text = main.textContent.replace(/\s+/g, " ");
      var parts = text.split(/(?<=[.!?؟。])\s+/u);
      var hit = parts.find(function (s) { return words(s).some(function (w) { return terms.some(function (t) { return w.lastIndexOf(t, 0) === 0; }); }); });
      if (!hit) return;
      var p = li.querySelector("p");
      p.textContent = "";
      marked(p, hit.length > 220 ? hit.slice(0, 220) + "…" : hit, terms);
    }).catch(function () {});
  }
  function show(q) {
    load().then(function () {
      var r = search(q);
      list.textContent = "";
      r.hits.forEach(function (h, i) {
        var d = index.docs[h.doc];
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = d[1];
        marked(a, d[0], r.terms);
        var p = document.createElement("p");
        marked(p, d[2], r.terms);
        li.appendChild(a);
        li.appendChild(p);
        list.appendChild(li);
        if (i < 5) excerpt(li, d[1], r.terms);
      });
      status.textContent = r.terms.length ? (r.hits.length ? plural(r.hits.length) : status.getAttribute("data-none")) : "";
    });
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value); }, 150);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); show(input.value); });
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; show(q); }
})();
