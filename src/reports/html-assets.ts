/** Inline CSS and JS of the HTML report: no network, no external files, no inline event handlers. */

export const HTML_CSS = `
:root { --bg:#f7f8fa; --fg:#1d2330; --muted:#5b6475; --line:#dde1e8; --card:#fff;
  --critical:#8b0a1a; --high:#d1361b; --medium:#c77700; --low:#2f6fb5; --unknown:#6b7280; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; background:var(--bg); color:var(--fg); }
header { background:#111827; color:#f3f4f6; padding:18px 28px; }
header h1 { margin:0 0 4px; font-size:20px; font-weight:600; word-break:break-all; }
header .meta { color:#cbd5e1; font-size:12.5px; }
header .meta span { margin-right:18px; }
main { padding:18px 28px 40px; }
.cards { display:flex; flex-wrap:wrap; gap:12px; margin-bottom:18px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:10px 14px; min-width:170px; }
.card h3 { margin:0 0 6px; font-size:12px; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); }
.card .total { font-size:24px; font-weight:700; }
.card .sevs { font-size:12px; margin-top:4px; display:flex; gap:6px; flex-wrap:wrap; }
.controls { position:sticky; top:0; z-index:2; background:var(--bg); padding:10px 0; display:flex; gap:10px; align-items:center; border-bottom:1px solid var(--line); }
.controls input { flex:1; max-width:420px; padding:7px 10px; border:1px solid #b8c0cc; border-radius:6px; font-size:14px; }
.controls select { padding:6px 8px; border:1px solid #b8c0cc; border-radius:6px; font-size:14px; }
section { margin-top:22px; }
section h2 { font-size:16px; margin:0 0 8px; }
section h2 .count { color:var(--muted); font-weight:400; font-size:13px; margin-left:6px; }
table { width:100%; border-collapse:collapse; background:var(--card); border:1px solid var(--line); border-radius:8px; overflow:hidden; }
th, td { text-align:left; padding:6px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
td { overflow-wrap:anywhere; }
td.nw { white-space:nowrap; overflow-wrap:normal; }
th { background:#eef1f5; font-size:12px; text-transform:uppercase; letter-spacing:.03em; color:#374151; cursor:pointer; user-select:none; white-space:nowrap; }
th[aria-sort="ascending"]::after { content:" \\25B2"; font-size:10px; }
th[aria-sort="descending"]::after { content:" \\25BC"; font-size:10px; }
tbody tr:hover { background:#f3f6fb; }
tr.hidden { display:none; }
.sev { display:inline-block; min-width:68px; text-align:center; padding:1px 6px; border-radius:4px; color:#fff; font-size:11.5px; font-weight:600; text-transform:uppercase; }
.sev-critical { background:var(--critical); } .sev-high { background:var(--high); } .sev-medium { background:var(--medium); }
.sev-low { background:var(--low); } .sev-unknown { background:var(--unknown); }
.mono { font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; font-size:12.5px; }
.muted { color:var(--muted); }
.empty { color:var(--muted); padding:8px 0; }
.warn { background:#fff7e6; border:1px solid #f3d19c; border-radius:8px; padding:8px 12px; margin-top:18px; }
`;

/**
 * Sorting (click a header; severity sorts by rank) and filtering (free text over the row's text, plus a minimum
 * severity). Reads only the DOM the writer produced; uses textContent, never innerHTML.
 */
export const HTML_JS = `
(function () {
  'use strict';
  var filter = document.getElementById('filter');
  var severity = document.getElementById('severity');
  function sortKey(cell) {
    var rank = cell.getAttribute('data-rank');
    if (rank !== null) return Number(rank);
    var t = (cell.textContent || '').trim();
    var n = Number(t);
    return t !== '' && !isNaN(n) ? n : t.toLowerCase();
  }
  function compare(a, b) {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.findings'), function (table) {
    var heads = table.querySelectorAll('thead th');
    Array.prototype.forEach.call(heads, function (th, col) {
      th.addEventListener('click', function () {
        var dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir);
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var c = compare(sortKey(r1.cells[col]), sortKey(r2.cells[col]));
          return dir === 'ascending' ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  function apply() {
    var q = filter.value.trim().toLowerCase();
    var min = Number(severity.value);
    Array.prototype.forEach.call(document.querySelectorAll('table.findings'), function (table) {
      var shown = 0;
      var rows = table.tBodies[0].rows;
      Array.prototype.forEach.call(rows, function (row) {
        var rank = row.getAttribute('data-rank');
        var okSev = rank === null || Number(rank) >= min;
        var okText = q === '' || (row.textContent || '').toLowerCase().indexOf(q) !== -1;
        var visible = okSev && okText;
        row.classList.toggle('hidden', !visible);
        if (visible) shown++;
      });
      var counter = document.getElementById(table.id + '-count');
      if (counter) counter.textContent = shown === rows.length ? '(' + rows.length + ')' : '(' + shown + ' of ' + rows.length + ')';
    });
  }
  filter.addEventListener('input', apply);
  severity.addEventListener('change', apply);
  apply();
})();
`;
