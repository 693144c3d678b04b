/* Haven: quick exit and the small-screen menu toggle. No dependencies, storage or network.
   Exit: a click on any [data-exit-link], or Shift alone 3 times within 5 s, covers the page at
   once and location.replace()s it (Back does not return here). Restored from the back/forward
   cache, the page stays covered until the visitor asks. Texts: data-exit-* on [data-exit]. */
(function () {
  'use strict';
  var d = document;

  var toggle = d.querySelector('a[data-menu-toggle]');
  var list = d.getElementById('site-nav-list');
  if (toggle && list) {
    var nav = list.parentNode, btn = d.createElement('button');
    btn.type = 'button';
    btn.className = toggle.className;
    btn.textContent = toggle.textContent;
    btn.setAttribute('aria-expanded', 'false');
    btn.setAttribute('aria-controls', list.id);
    btn.addEventListener('click', function () {
      btn.setAttribute('aria-expanded', String(nav.classList.toggle('is-open')));
    });
    toggle.parentNode.replaceChild(btn, toggle);
  }

  var box = d.querySelector('[data-exit]');
  var links = d.querySelectorAll('a[data-exit-link]');
  if (!box || !links.length) return;
  var text = function (n) { return box.getAttribute('data-exit-' + n) || ''; };
  var status = box.querySelector('[data-exit-status]');
  var dots = box.querySelectorAll('.exit__dots span');
  var cover = null, hidden = [], title = d.title, focused = null;
  var presses = 0, timer = 0, shiftHeld = false, shiftUsed = false;

  function say(msg) { if (status) status.textContent = msg; }

  function showDots() {
    box.classList.toggle('exit--counting', presses > 0);
    for (var i = 0; i < dots.length; i++) dots[i].classList.toggle('is-on', i < presses);
  }

  function reset() {
    clearTimeout(timer);
    presses = 0;
    showDots();
  }

  function hidePage() {
    if (cover) return;
    focused = d.activeElement;
    var kids = d.body.children;
    for (var i = 0; i < kids.length; i++) {
      if (!kids[i].hidden) { kids[i].hidden = true; hidden.push(kids[i]); }
    }
    cover = d.createElement('div');
    cover.className = 'exit-cover';
    var p = d.createElement('p');
    p.setAttribute('role', 'alert');
    p.textContent = text('loading');
    cover.appendChild(p);
    d.body.appendChild(cover);
    d.title = text('loading');
  }

  function showPage() {
    if (!cover) return;
    cover.parentNode.removeChild(cover);
    cover = null;
    for (var i = 0; i < hidden.length; i++) hidden[i].hidden = false;
    hidden = [];
    d.title = title;
    if (focused && focused.focus) focused.focus();
  }

  function leave(href) {
    reset();
    hidePage();
    try { window.location.replace(href); } catch (e) { window.location.href = href; }
  }

  function onClick(e) {
    e.preventDefault();
    leave(this.href);
  }
  for (var i = 0; i < links.length; i++) links[i].addEventListener('click', onClick);

  d.addEventListener('keydown', function (e) {
    if (e.key === 'Shift') {
      if (!e.repeat) { shiftHeld = true; shiftUsed = false; }
      return;
    }
    // Any other key: Shift was used as a modifier (Shift+A) or another key was pressed.
    if (shiftHeld) shiftUsed = true;
    reset();
  }, true);

  d.addEventListener('keyup', function (e) {
    if (e.key !== 'Shift') return;
    var alone = shiftHeld && !shiftUsed;
    shiftHeld = false;
    if (!alone || cover) return;
    presses++;
    showDots();
    clearTimeout(timer);
    if (presses >= 3) { leave(links[0].href); return; }
    say(text(presses === 1 ? 'press-two' : 'press-one'));
    timer = setTimeout(function () { reset(); say(text('expired')); }, 5000);
  }, true);

  // Shift+click is also modifier use.
  d.addEventListener('mousedown', function () { if (shiftHeld) shiftUsed = true; }, true);
  window.addEventListener('blur', function () { shiftHeld = false; });

  // Back/forward cache: never show the content again on its own.
  window.addEventListener('pageshow', function (e) {
    if (!e.persisted) return;
    reset();
    say('');
    if (!cover || cover.querySelector('button')) return;
    var p = cover.firstChild;
    p.removeAttribute('role');
    p.textContent = text('hidden');
    var b = d.createElement('button');
    b.type = 'button';
    b.className = 'exit-cover__button';
    b.textContent = text('show-again');
    b.addEventListener('click', showPage);
    cover.appendChild(b);
    b.focus();
  });
})();
