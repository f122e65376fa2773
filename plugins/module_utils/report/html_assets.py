# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The fixed parts of audit.html: page skeleton, style sheet, filter and sort scripts.

Kept as Python constants (not template files) because modules only ship module_utils code.
The page fetches nothing: no font, no CDN, no image; it prints on A4 without the filters.
"""

from __future__ import annotations

from string import Template

STYLE = """
:root{--ink:#1c2430;--muted:#5b6675;--line:#d8dee6;--bg:#f4f6f9;--card:#fff;--accent:#0b4f8a;
--critical:#b3261e;--warning:#8a5300;--info:#1f5fa8}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",
Roboto,"Helvetica Neue",Arial,sans-serif}
header{background:var(--accent);color:#fff;padding:22px 32px}
header h1{margin:0 0 4px;font-size:24px;font-weight:650}
header p{margin:2px 0;opacity:.92}
main{padding:20px 32px 40px;max-width:1400px;margin:0 auto}
h2{font-size:18px;margin:28px 0 12px;color:var(--accent)}
.notice{background:#fff7e0;border-left:4px solid #d49a00;padding:10px 14px;margin:16px 0;border-radius:4px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:12px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.card .num{font-size:28px;font-weight:700;line-height:1.1}
.card .lbl{color:var(--muted);font-size:13px}
.card.critical .num{color:var(--critical)}.card.warning .num{color:var(--warning)}
.card.info .num{color:var(--info)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:16px}
figure{margin:0;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px}
figcaption{font-weight:650;font-size:15px}
figure .note{margin:2px 0 10px;color:var(--muted);font-size:12px}
table.narrow{width:auto;min-width:420px}
svg.chart{max-width:100%;height:auto;display:block}
svg .lbl{font-size:12px;fill:#1c2430}svg .val{font-size:12px;font-weight:600;fill:#1c2430}
svg .muted{font-size:13px;fill:#5b6675}svg .axis{stroke:#9aa5b1;stroke-width:1}
table{border-collapse:collapse;width:100%;background:var(--card);border:1px solid var(--line)}
caption{text-align:left;color:var(--muted);padding:6px 0}
th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:#e9eef4;font-weight:650;position:sticky;top:0}
td.n{text-align:right;white-space:nowrap}
tbody tr:nth-child(even){background:#fafbfd}
.sev{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:650;color:#fff;
white-space:nowrap}
.sev.critical{background:var(--critical)}.sev.warning{background:#b86e00}.sev.info{background:var(--info)}
code{font-size:12px;background:#eef2f6;padding:1px 4px;border-radius:3px}
.filters{display:flex;flex-wrap:wrap;gap:10px 18px;align-items:end;margin:8px 0 10px}
.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted);gap:2px}
.filters input,.filters select{font:inherit;padding:4px 6px;border:1px solid #b9c3cf;border-radius:4px;
background:#fff;min-width:170px}
.filters button{font:inherit;padding:5px 12px;border:1px solid #b9c3cf;border-radius:4px;background:#fff}
.filters output{color:var(--muted);font-size:13px}
.wrap{overflow-x:auto}.wrap+.wrap,table+.wrap,.wrap+p{margin-top:16px}
#t-mailboxes{font-size:12.5px}small.note{color:var(--muted)}#t-mailboxes td,#t-mailboxes th{padding:5px 6px}
footer{color:var(--muted);font-size:12px;padding:16px 32px;border-top:1px solid var(--line)}
svg .grid{stroke:#e3e8ee;stroke-width:1}
h3{font-size:15px;margin:0 0 8px}
.rules{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:12px}
.rule{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px}
table.scores{border:0}table.scores td{border:0;padding:4px 0}table.scores td.n{padding-left:12px}
meter{display:block;width:100%;height:8px;margin-top:2px}
p.note{color:var(--muted);font-size:12px}
table.sortable th button{all:unset;cursor:pointer;display:block}
table.sortable th button:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
table.sortable th button::after{content:" \\2195";color:var(--muted);font-weight:400}
table.sortable th[aria-sort=ascending] button::after{content:" \\25B2";color:var(--ink)}
table.sortable th[aria-sort=descending] button::after{content:" \\25BC";color:var(--ink)}
@media print{@page{margin:12mm}body{background:#fff;font-size:11px}header{background:#fff;color:#000;
padding:0 0 8px;border-bottom:2px solid #000}.filters{display:none}main{padding:0;max-width:none}
figure,.card,.rule,tr{break-inside:avoid}th{position:static}.charts{grid-template-columns:1fr 1fr}
.wrap{overflow:visible}table{font-size:10px}thead{display:table-header-group}
table.sortable th button::after{content:""}h2{break-after:avoid}}
"""

SCRIPT = """
(function () {
  function lower(text) { return (text || "").toLowerCase(); }
  var forms = document.querySelectorAll("form.filters");
  Array.prototype.forEach.call(forms, function (form) {
    var table = document.getElementById(form.getAttribute("data-table"));
    var rows = table.tBodies[0].rows;
    var counter = form.querySelector("output");
    var fields = form.querySelectorAll("[data-key]");
    function keep(row, field) {
      var value = field.value, key = field.getAttribute("data-key");
      if (!value) { return true; }
      if (key === "text") { return lower(row.textContent).indexOf(lower(value)) >= 0; }
      if (key === "codes") { return (" " + row.getAttribute("data-codes") + " ").indexOf(" " + value + " ") >= 0; }
      return row.getAttribute("data-" + key) === value;
    }
    function apply() {
      var shown = 0;
      Array.prototype.forEach.call(rows, function (row) {
        var ok = Array.prototype.every.call(fields, function (field) { return keep(row, field); });
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      counter.textContent = shown + " ligne(s) affichée(s) sur " + rows.length;
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  });
})();
(function () {
  // Sort on a header click: data-sort holds the raw value ("" = unknown, always last);
  // numbers compare as numbers, the rest in French order. Rows keep their hidden state,
  // so the filters above still apply.
  var NUMBER = /^-?\\d+(\\.\\d+)?$/;
  function keyOf(row, column) {
    var cell = row.cells[column];
    if (!cell) { return ""; }
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
  }
  function compare(a, b) {
    if (NUMBER.test(a) && NUMBER.test(b)) { return parseFloat(a) - parseFloat(b); }
    return a.localeCompare(b, "fr", {numeric: true, sensitivity: "base"});
  }
  function sortBy(table, heads, head, column) {
    var ascending = head.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(heads, function (other) { other.removeAttribute("aria-sort"); });
    head.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var items = Array.prototype.map.call(body.rows, function (row, index) {
      return {row: row, key: keyOf(row, column), index: index};
    });
    items.sort(function (p, q) {
      if (p.key === "" || q.key === "") { return (p.key === "") - (q.key === "") || p.index - q.index; }
      var order = compare(p.key, q.key);
      return (ascending ? order : -order) || p.index - q.index;
    });
    items.forEach(function (item) { body.appendChild(item.row); });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    if (!table.tHead || !table.tBodies.length) { return; }
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (head, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.title = "Trier par cette colonne";
      while (head.firstChild) { button.appendChild(head.firstChild); }
      head.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, heads, head, column); });
    });
  });
})();
"""

PAGE = Template("""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generated-at" content="$generated_at">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>$title</title>
<style>$style</style>
</head>
<body>
<header>
<h1>$title</h1>
$identity
</header>
<main>
$body
</main>
<footer>$footer</footer>
<script>$script</script>
</body>
</html>
""")
