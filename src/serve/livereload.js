// Haven dev server: reloads the page after each rebuild, swaps stylesheets after a CSS-only
// change, and shows build errors in an overlay. Served only by `haven serve`.
(function () {
  "use strict";
  var OVERLAY_ID = "haven-build-error";
  var current = null;

  function clearOverlay() {
    var old = document.getElementById(OVERLAY_ID);
    if (old) old.remove();
  }

  function showOverlay(errors) {
    clearOverlay();
    var box = document.createElement("div");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alert");
    var s = box.style;
    s.position = "fixed"; s.inset = "0"; s.zIndex = "2147483647"; s.overflow = "auto";
    s.background = "rgba(20, 20, 20, 0.94)"; s.color = "#fff"; s.padding = "2rem";
    s.font = "14px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace";
    var title = document.createElement("h2");
    title.textContent = "Build failed — the last good version is still served";
    title.style.color = "#ff8a80";
    box.appendChild(title);
    var list = document.createElement("ol");
    errors.forEach(function (e) {
      var item = document.createElement("li");
      var where = document.createElement("strong");
      where.textContent = (e.file || "site") + (e.line ? ":" + e.line : "");
      var msg = document.createElement("pre");
      msg.textContent = e.message;
      msg.style.whiteSpace = "pre-wrap";
      item.appendChild(where);
      item.appendChild(msg);
      list.appendChild(item);
    });
    box.appendChild(list);
    var hint = document.createElement("p");
    hint.textContent = "Fix the file and save: this page updates by itself.";
    box.appendChild(hint);
    document.body.appendChild(box);
  }

  function swapStylesheets() {
    var links = document.querySelectorAll('link[rel~="stylesheet"][href]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.getAttribute("href"), location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("haven-reload", String(Date.now()));
      var next = link.cloneNode();
      next.href = url.toString();
      next.addEventListener("load", function () { link.remove(); });
      next.addEventListener("error", function () { link.remove(); });
      link.after(next);
    });
  }

  var events = new EventSource("/__haven/events");
  events.addEventListener("hello", function (e) {
    var d = JSON.parse(e.data);
    // Reconnected to a server that built since this page was loaded: show the new version.
    if (current !== null && d.build !== current) location.reload();
    current = d.build;
  });
  events.addEventListener("reload", function (e) {
    var d = JSON.parse(e.data);
    current = d.build;
    clearOverlay();
    if (d.css_only) swapStylesheets(); else location.reload();
  });
  events.addEventListener("build-error", function (e) {
    showOverlay(JSON.parse(e.data).errors || []);
  });
})();
