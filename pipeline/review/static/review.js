// Keyboard shortcuts (each page lists its own) and the line-item table editor.
// Typing in a field never triggers a shortcut; Escape leaves the field.
(function () {
  "use strict";
  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  }
  function byId(id) { return document.getElementById(id); }
  function submit(id) {
    var form = byId(id);
    if (form) { form.requestSubmit ? form.requestSubmit() : form.submit(); return true; }
    return false;
  }
  function go(id) {
    var link = byId(id);
    if (link) { window.location.href = link.href; return true; }
    return false;
  }

  // Queue: j/k move the selection, Enter/o open it.
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.doc-row"));
  var selected = rows.length ? 0 : -1;
  function select(i) {
    if (!rows.length) { return; }
    selected = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach(function (r, n) { r.classList.toggle("selected", n === selected); });
    rows[selected].scrollIntoView({ block: "nearest" });
  }
  if (rows.length) { select(0); }
  function openSelected() {
    if (selected >= 0) { window.location.href = rows[selected].dataset.href; return true; }
    var first = document.querySelector("a.field-link");
    if (first) { window.location.href = first.href; return true; }
    return false;
  }

  var actions = {
    a: function () { return submit("accept-form"); },
    A: function () { return submit("accept-rest-form"); },
    n: function () { return submit("not-present-form") || go("next-page"); },
    p: function () { return go("prev-page"); },
    d: function () { return submit("duplicate-form"); },
    j: function () { return rows.length ? (select(selected + 1), true) : go("next-link"); },
    k: function () { return rows.length ? (select(selected - 1), true) : go("prev-link"); },
    u: function () { return go("up-link"); },
    q: function () { return go("queue-link"); },
    o: openSelected,
    Enter: openSelected,
    c: function () {
      var input = byId("correction");
      if (input) { input.focus(); if (input.select) { input.select(); } return true; }
      return false;
    }
  };
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    if (typing(document.activeElement)) {
      if (ev.key === "Escape") { document.activeElement.blur(); }
      return;
    }
    if (document.activeElement && document.activeElement.tagName === "BUTTON" && ev.key === "Enter") { return; }
    var act = actions[ev.key];
    if (act && act()) { ev.preventDefault(); }
  });

  // Line items: "Add a row" copies the blank row with the next index; ticking "remove" greys the row out.
  var table = byId("line-items");
  var add = byId("add-row");
  if (table && add) {
    add.addEventListener("click", function () {
      var body = table.tBodies[0];
      var blank = body.querySelector("tr.li-new:last-child") || body.lastElementChild;
      var next = body.querySelectorAll("tr.li-row").length;
      var copy = blank.cloneNode(true);
      copy.querySelectorAll("input").forEach(function (input) {
        input.name = input.name.replace(/^li-\d+-/, "li-" + next + "-");
        input.removeAttribute("id");
        if (input.type === "checkbox") { input.checked = false; } else { input.value = ""; }
      });
      copy.classList.remove("removed");
      body.appendChild(copy);
      var first = copy.querySelector("input.cell");
      if (first) { first.focus(); }
    });
    table.addEventListener("change", function (ev) {
      if (ev.target.classList.contains("li-remove")) {
        ev.target.closest("tr").classList.toggle("removed", ev.target.checked);
      }
    });
  }

  // Double-submits (a held key) would post twice; the second would only meet an already resolved item.
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (form.dataset.sent) { ev.preventDefault(); return; }
    form.dataset.sent = "1";
  });
})();
