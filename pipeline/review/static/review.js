// Keyboard shortcuts of the item page: a accept, c correct, n not present, d confirm duplicate, j/k next/prev.
// Typing in a field never triggers a shortcut; Escape leaves the field.
(function () {
  "use strict";
  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  }
  function submit(id) {
    var form = document.getElementById(id);
    if (form) { form.requestSubmit ? form.requestSubmit() : form.submit(); }
  }
  function go(id) {
    var link = document.getElementById(id);
    if (link) { window.location.href = link.href; }
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    if (typing(document.activeElement)) {
      if (ev.key === "Escape") { document.activeElement.blur(); }
      return;
    }
    var actions = {
      a: function () { submit("accept-form"); },
      n: function () { submit("not-present-form"); },
      d: function () { submit("duplicate-form"); },
      j: function () { go("next-link"); },
      k: function () { go("prev-link"); },
      c: function () {
        var input = document.getElementById("correction");
        if (input) { input.focus(); if (input.select) { input.select(); } }
      }
    };
    var act = actions[ev.key];
    if (act) { ev.preventDefault(); act(); }
  });
  // Double-submits (a held key) would post twice; the second would only meet an already resolved item.
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (form.dataset.sent) { ev.preventDefault(); return; }
    form.dataset.sent = "1";
  });
})();
