/* Reading progress: the papers a reader marked 已讀, kept in this browser's localStorage under
 * "vlm-read" (a JSON list of paper ids) and never sent anywhere. Every 已讀 box of a page (paper
 * pages, era and topic tables, reading paths) shows and sets it; a reading path counts its read
 * steps and points to the first unread one; the paths page exports the list as a small file and
 * imports one (merged with what is here). Both editions share it: the ids are the same.
 * The pages hold every word shown (in their edition), in data-* attributes; this holds none.
 * window.vlmReading.has(id) tells assets/tables.js (its 隱藏已讀 filter), which re-filters on the
 * document's "vlm-reading" event. Without JavaScript none of this is shown (site.css). */
(function () {
  "use strict";

  var KEY = "vlm-read";
  var FORMAT = "vlm-reading";
  var MAX_IDS = 20000;
  var ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

  function valid(ids) {
    return Array.isArray(ids) && ids.length <= MAX_IDS &&
      ids.every(function (id) { return typeof id === "string" && id.length <= 100 && ID.test(id); });
  }

  function load() {
    try {
      var ids = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return new Set(valid(ids) ? ids : []);
    } catch (error) {  /* storage refused (private mode) or a value that is not ours */
      return new Set();
    }
  }

  var read = load();

  function save() {
    try { window.localStorage.setItem(KEY, JSON.stringify(Array.from(read).sort())); } catch (error) { /* kept for this page */ }
  }

  function fill(format, values) {
    return format.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }

  function showPathProgress(progress) {
    var list = progress.parentNode.querySelector("ol.vlm-path-steps");
    if (!list) return;
    var steps = Array.prototype.slice.call(list.querySelectorAll("li[data-paper]"));
    var done = steps.filter(function (step) { return read.has(step.dataset.paper); }).length;
    var count = progress.querySelector(".vlm-path-progress__count");
    var text = fill(progress.dataset.format, { read: done, total: steps.length });
    if (count.textContent !== text) count.textContent = text;
    var next = progress.querySelector(".vlm-path-progress__next");
    var unread = steps.filter(function (step) { return !read.has(step.dataset.paper); })[0];
    if (!next.dataset.label) next.dataset.label = next.firstChild.textContent;
    if (unread) {
      var target = unread.querySelector("a");
      next.textContent = next.dataset.label;
      var link = document.createElement("a");
      link.href = target.getAttribute("href");
      link.textContent = target.textContent;
      next.appendChild(link);
    } else {
      next.textContent = progress.dataset.done;
    }
  }

  function show() {
    Array.prototype.forEach.call(document.querySelectorAll("input.vlm-read__box"), function (box) {
      var on = read.has(box.dataset.paper);
      if (box.checked !== on) box.checked = on;
      var holder = box.closest("tr, li");
      if (holder) holder.classList.toggle("vlm-is-read", on);
    });
    Array.prototype.forEach.call(document.querySelectorAll(".vlm-path-progress"), showPathProgress);
  }

  function changed() {
    show();
    document.dispatchEvent(new CustomEvent("vlm-reading"));
  }

  function exportList(button) {
    var data = { format: FORMAT, version: 1, read: Array.from(read).sort() };
    var url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 1) + "\n"], { type: "application/json" }));
    var link = document.createElement("a");
    link.href = url;
    link.download = button.dataset.file;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 0);
  }

  function importList(input) {
    var status = document.querySelector(".vlm-reading-status");
    var file = input.files && input.files[0];
    if (!file) return;
    file.text().then(function (text) {
      var data = JSON.parse(text);
      if (!data || data.format !== FORMAT || !valid(data.read)) throw new Error("not a reading list");
      var before = read.size;
      data.read.forEach(function (id) { read.add(id); });
      save();
      changed();
      status.textContent = fill(status.dataset.imported, { n: read.size - before, total: read.size });
    }).catch(function () {
      status.textContent = status.dataset.invalid;
    }).then(function () { input.value = ""; });
  }

  window.vlmReading = { has: function (id) { return read.has(id); } };

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("input.vlm-read__box")) {
      if (target.checked) read.add(target.dataset.paper); else read.delete(target.dataset.paper);
      save();
      changed();
    } else if (target.matches(".vlm-reading-import input[type=file]")) {
      importList(target);
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.vlm-reading-export");
    if (button) exportList(button);
  });
  /* Another tab marked a paper: show it here too. */
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) { read = load(); changed(); }
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", show);
  else show();
})();
