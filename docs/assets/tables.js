/* Era and topic tables: sort by any column, filter by text, year, topic, official code and the
 * reader's own 已讀 marks (assets/reading.js); the view lives in the URL.
 * Our own code, no library. Without JavaScript the table is shown as it was built. */
(function () {
  "use strict";

  function text(cell) { return (cell.textContent || "").trim(); }

  /* A cell sorts by its first link's text (the model name, not the arXiv ID under it). */
  function sortKey(cell) { var link = cell.querySelector("a"); return text(link || cell); }

  function compare(a, b) {
    var x = parseFloat(a), y = parseFloat(b);
    if (!isNaN(x) && !isNaN(y) && String(x) === a.split(/\s/)[0] && String(y) === b.split(/\s/)[0]) return x - y;
    return a.localeCompare(b, "zh-Hant");
  }

  function setup(wrapper) {
    var table = wrapper.querySelector("table");
    var data = JSON.parse(wrapper.querySelector("script.vlm-table-data").textContent);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var original = rows.slice();
    rows.forEach(function (row) {
      var link = row.cells[1].querySelector("a");
      var info = data.papers[link ? link.getAttribute("href") : ""] || { topics: [], year: "", code: false };
      row.dataset.topics = info.topics.join(" ");
      row.dataset.year = String(info.year);
      row.dataset.code = info.code ? "1" : "";
      var box = row.querySelector("input.vlm-read__box");
      row.dataset.paper = box ? box.dataset.paper : "";
    });

    var form = wrapper.querySelector("form.vlm-filter");
    var query = form.querySelector("[name=q]"), year = form.querySelector("[name=year]"),
        topic = form.querySelector("[name=topic]"), status = form.querySelector(".vlm-filter__status");
    /* Only where a paper of the table has code (table_filter in _page.html.j2). */
    var code = form.querySelector("[name=code]") || { checked: false };
    var unread = form.querySelector("[name=unread]");
    var reading = window.vlmReading || { has: function () { return false; } };
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var sort = { column: -1, direction: 1 };
    var pagerLinks = Array.prototype.slice.call(document.querySelectorAll(".vlm-pager a"));

    headers.forEach(function (th, index) {
      th.querySelector("button.vlm-sort").addEventListener("click", function () {
        sort.direction = sort.column === index ? -sort.direction : 1;
        sort.column = index;
        apply(true);
      });
    });

    function apply(remember) {
      var q = query.value.trim().toLowerCase(), y = year.value, t = topic.value, c = code.checked, u = unread.checked, shown = 0;
      var ordered = original.slice();
      if (sort.column >= 0) {
        ordered.sort(function (a, b) {
          return sort.direction * compare(sortKey(a.cells[sort.column]), sortKey(b.cells[sort.column]));
        });
      }
      /* Touch the DOM only where something changed: every change costs the reader a relayout. */
      var moved = ordered.some(function (row, i) { return body.rows[i] !== row; });
      ordered.forEach(function (row) {
        var match = (!q || text(row).toLowerCase().indexOf(q) !== -1) && (!y || row.dataset.year === y) &&
          (!t || (" " + row.dataset.topics + " ").indexOf(" " + t + " ") !== -1) && (!c || row.dataset.code === "1") &&
          (!u || !reading.has(row.dataset.paper));
        if (row.hidden === match) row.hidden = !match;
        shown += match ? 1 : 0;
        if (moved) body.appendChild(row);
      });
      headers.forEach(function (th, index) {
        th.setAttribute("aria-sort", index !== sort.column ? "none" : sort.direction > 0 ? "ascending" : "descending");
      });
      /* The page's own wording (era.html.j2 writes it, in the page's edition). */
      var count = status.dataset.format.replace("{shown}", shown).replace("{total}", original.length);
      if (status.textContent !== count) status.textContent = count;
      var params = new URLSearchParams();
      if (q) params.set("text", query.value.trim());  /* not "q": Material opens its search for ?q= */
      if (y) params.set("year", y);
      if (t) params.set("topic", t);
      if (c) params.set("code", "1");
      if (u) params.set("unread", "1");
      if (sort.column >= 0) params.set("sort", (sort.direction > 0 ? "" : "-") + sort.column);
      var search = params.toString();
      if (remember) history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
      /* A long era is split into pages: its other pages open with the same view. */
      pagerLinks.forEach(function (link) { if (link.search !== (search ? "?" + search : "")) link.search = search; });
    }

    var params = new URLSearchParams(location.search);
    query.value = params.get("text") || "";
    if (params.get("year")) year.value = params.get("year");
    if (params.get("topic")) topic.value = params.get("topic");
    code.checked = params.get("code") === "1" && !!code.addEventListener;
    unread.checked = params.get("unread") === "1";
    var s = params.get("sort");
    if (s && /^-?\d+$/.test(s) && Math.abs(parseInt(s, 10)) < headers.length) {
      sort.column = Math.abs(parseInt(s, 10));
      sort.direction = s.charAt(0) === "-" ? -1 : 1;
    }
    [query, year, topic, code, unread].forEach(function (control) {
      if (!control.addEventListener) return;
      control.addEventListener("input", function () { apply(true); });
      control.addEventListener("change", function () { apply(true); });
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.querySelector("button[type=reset]").addEventListener("click", function () {
      setTimeout(function () { sort.column = -1; apply(true); }, 0);
    });
    /* A mark set or cleared (here or in another tab) re-filters a table that hides read papers. */
    document.addEventListener("vlm-reading", function () { if (unread.checked) apply(false); });
    apply(false);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".vlm-filtered"), setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
