/* Practica's progressive enhancement, loaded in <head> of every page (no inline script:
   the Content-Security-Policy refuses it). Without JavaScript every page still works:
   the navigation is open, the filters are open and tables scroll inside their frame.

   1. The "js" class on <html>, so that the stylesheet may collapse what this file opens.
   2. The Menu button of the header (phones): opens and closes #site-menu.
   3. table.stack: each cell without data-label gets its column's header as the label
      shown beside it when the table stacks into cards on a phone; empty cells are marked
      (.is-empty) and left out of the card.
   4. details.filters: closed on a phone when the page loads (unless data-keep-open: it
      holds errors to correct), open on a wide screen. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var PHONE = "(max-width: 48rem)";

  function initMenu() {
    var button = document.querySelector(".menu-button");
    if (!button) return;
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) return;
    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("is-open", open);
    }
    set(false);
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || button.getAttribute("aria-expanded") !== "true") return;
      // Only when focus is in the menu or on its button: Escape in a field of the page
      // belongs to that field (a search box clears itself), and focus stays there.
      var active = document.activeElement;
      if (active !== button && !menu.contains(active)) return;
      set(false);
      button.focus();
    });
  }

  function headerLabels(table) {
    var rows = table.tHead ? table.tHead.rows : [];
    if (!rows.length) return [];
    var labels = [];
    var cells = rows[rows.length - 1].cells;
    for (var i = 0; i < cells.length; i++) {
      var span = cells[i].colSpan || 1;
      var text = (cells[i].getAttribute("data-label") || cells[i].textContent || "").replace(/\s+/g, " ").trim();
      for (var j = 0; j < span; j++) labels.push(text);
    }
    return labels;
  }

  function initTables() {
    document.querySelectorAll("table.stack").forEach(function (table) {
      var labels = headerLabels(table);
      if (!labels.length) return;
      table.querySelectorAll(":scope > tbody > tr").forEach(function (row) {
        var column = 0;
        for (var i = 0; i < row.cells.length; i++) {
          var cell = row.cells[i];
          if (!cell.hasAttribute("data-label") && labels[column]) {
            cell.setAttribute("data-label", labels[column]);
          }
          // A cell with nothing in it is left out of its card, label and all.
          if (!cell.textContent.trim() && !cell.querySelector("input, select, textarea, button, img, svg, progress")) {
            cell.classList.add("is-empty");
          }
          column += cell.colSpan || 1;
        }
      });
    });
  }

  function initFilters() {
    var panels = document.querySelectorAll("details.filters");
    if (!panels.length || !window.matchMedia) return;
    var phone = window.matchMedia(PHONE);
    function apply() {
      panels.forEach(function (panel) {
        // A panel with errors to correct (data-keep-open) stays open.
        panel.open = !phone.matches || panel.hasAttribute("data-keep-open");
      });
    }
    apply();
    if (phone.addEventListener) phone.addEventListener("change", apply);
  }

  // The file links and "Save as report" take the list's filter form as it stands, columns
  // unticked or filters changed without pressing Filter included. Without JavaScript they
  // take the page's address, that is the filters last applied.
  function formBefore(element) {
    var found = null;
    document.querySelectorAll('form[method="get"]').forEach(function (form) {
      if (form.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING) found = form;
    });
    return found;
  }

  function queryOf(form, extra) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && value !== "" && name !== "page") params.append(name, value);
    });
    Object.keys(extra).forEach(function (name) { params.set(name, extra[name]); });
    return params.toString();
  }

  function initFileLinks() {
    document.querySelectorAll(".export-links a").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var form = formBefore(link);
        var wanted = new URL(link.href, window.location.href).searchParams.get("export");
        if (!form || !wanted) return;
        event.preventDefault();
        window.location.href = window.location.pathname + "?" + queryOf(form, { export: wanted });
      });
    });
    document.querySelectorAll(".save-report form").forEach(function (save) {
      save.addEventListener("submit", function () {
        var form = formBefore(save.closest(".save-report"));
        if (!form) return;
        var action = save.getAttribute("action").split("?")[0];
        save.setAttribute("action", action + "?" + queryOf(form, {}));
      });
    });
  }

  function init() {
    initMenu();
    initTables();
    initFilters();
    initFileLinks();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  // Rows that htmx swaps in get their labels too.
  document.addEventListener("htmx:afterSettle", initTables);
})();
