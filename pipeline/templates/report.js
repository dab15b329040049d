"use strict";
// Award rows: a click (or Enter) highlights the row's evidence in the text and scrolls to it.
function showEvidence(id, scroll) {
  document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
  var parts = document.querySelectorAll('[data-ev~="' + id + '"]');
  parts.forEach(function (el) { el.classList.add("active"); });
  var rows = document.querySelectorAll('[data-target="' + id + '"]');
  rows.forEach(function (row) { row.classList.add("active"); });
  if (scroll && rows.length) { rows[0].scrollIntoView({ block: "nearest" }); }  // inside the side panel on a wide screen
  if (scroll && parts.length) { parts[0].scrollIntoView({ block: "center" }); }
  if (history.replaceState) { history.replaceState(null, "", "#" + id); }
}
document.querySelectorAll("tr[data-target]").forEach(function (row) {
  row.addEventListener("click", function (event) {
    event.preventDefault();
    showEvidence(row.dataset.target, true);
  });
  row.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); showEvidence(row.dataset.target, true); }
  });
});
if (/^#ev-\d+-\d+$/.test(location.hash)) { showEvidence(location.hash.slice(1), true); }

// Sortable tables: a click on a header sorts by that column (numbers by value, text in Vietnamese order).
function cellValue(row, i) {
  var cell = row.cells[i];
  if (!cell) { return ""; }
  return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
}
function compare(a, b) {
  var x = parseFloat(a), y = parseFloat(b);
  var xn = a !== "" && isFinite(a), yn = b !== "" && isFinite(b);
  if (xn && yn) { return x - y; }
  if (xn !== yn) { return xn ? -1 : 1; }
  return a.localeCompare(b, "vi");
}
document.querySelectorAll("table.sortable").forEach(function (table) {
  var heads = table.querySelectorAll("thead th");
  heads.forEach(function (th, i) {
    th.tabIndex = 0;
    var sort = function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (r1, r2) { var c = compare(cellValue(r1, i), cellValue(r2, i)); return ascending ? c : -c; });
      rows.forEach(function (r) { body.appendChild(r); });
    };
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (event) { if (event.key === "Enter") { sort(); } });
  });
});
